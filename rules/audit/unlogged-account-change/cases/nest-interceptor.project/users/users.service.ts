import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class UsersService {
  constructor(private readonly db: DataSource) {}

  async updateEmail(id: number, email: string): Promise<void> {
    await this.db.query('UPDATE users SET email = $2 WHERE id = $1', [id, email]);
  }
}
