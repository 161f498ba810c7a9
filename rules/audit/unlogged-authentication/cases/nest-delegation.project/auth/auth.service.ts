import { Injectable, UnauthorizedException } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { DataSource } from 'typeorm';

@Injectable()
export class AuthService {
  constructor(private readonly db: DataSource) {}

  async disableTwoFactor(userId: number, password: string): Promise<void> {
    const [user] = await this.db.query('SELECT password_hash FROM users WHERE id = $1', [userId]);
    // ruleid: audit/unlogged-authentication
    if (!user || !(await bcrypt.compare(password, user.password_hash))) {
      throw new UnauthorizedException();
    }
    await this.db.query('UPDATE users SET totp_secret = NULL WHERE id = $1', [userId]);
  }
}
