import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsEmail()
  email!: string;

  // ok: defaults/password-policy — the login form checks an existing password; old ones predate the policy
  @IsString()
  @MinLength(6)
  @MaxLength(256)
  password!: string;
}

export class InviteAcceptDto {
  @IsString()
  token!: string;

  @IsString()
  // ruleid: defaults/password-policy
  @MinLength(8)
  password!: string;
}
