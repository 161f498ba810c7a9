// A NestJS-style service on TypeORM.
import { DataSource, Repository } from 'typeorm';
import { User } from './user.entity';

export class UserService {
  constructor(private readonly dataSource: DataSource, private readonly users: Repository<User>) {}

  async search(name: string, role: string) {
    return this.users
      .createQueryBuilder('user')
      // ruleid: sql/string-built-query
      .where(`user.name LIKE :name`, { name: `%${name}%` })
      // ruleid: sql/string-built-query
      .andWhere('user.role = :role AND user.team = :role2', { role: 'member', role2: role })
      .getMany();
  }

  async active(orgId: string) {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.active = true')
      // ruleid: sql/string-built-query
      .orWhere(`u.org_id = :orgId`, { orgId })
      .getMany();
  }

  async countByOrg(orgId: string) {
    // ruleid: sql/string-built-query
    return this.dataSource.query(`SELECT count(*) FROM users WHERE org_id = ${orgId}`);
  }

  async rename(id: string, name: string) {
    const manager = this.dataSource.manager;
    // ruleid: sql/string-built-query
    await manager.query("UPDATE users SET name = '" + name + "' WHERE id = $1", [id]);
  }

  async safe(name: string, id: string) {
    // ok: sql/string-built-query
    const a = await this.users.createQueryBuilder('user').where('user.name = :name', { name }).getMany();
    // ok: sql/string-built-query
    const b = await this.dataSource.query('SELECT * FROM users WHERE id = $1', [id]);
    // ok: sql/string-built-query (the repository API binds values)
    const c = await this.users.findOneBy({ id });
    return [a, b, c];
  }
}
