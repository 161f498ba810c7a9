import { IsString, MinLength, MaxLength, IsStrongPassword, Length } from 'class-validator';

export class SetPasswordDto {
  @IsString()
  // ruleid: defaults/password-policy
  @MinLength(5)
  @MaxLength(128)
  newPassword!: string;
}

export class AdminPasswordDto {
  // ruleid: defaults/password-policy
  @IsStrongPassword({ minLength: 6, minSymbols: 1 })
  password!: string;
}

export class ChangePinDto {
  // ok: defaults/password-policy — a PIN, not a password
  @Length(4, 6)
  pin!: string;
}

export class CreateAccountDto {
  @IsString()
  // ok: defaults/password-policy — 10 characters
  @MinLength(10)
  password!: string;
}
