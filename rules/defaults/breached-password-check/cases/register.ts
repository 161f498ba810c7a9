import { z } from 'zod';
import { IsString, MinLength } from 'class-validator';

export const RegisterBody = z.object({
  email: z.string().email(),
  // ruleid: defaults/breached-password-check
  password: z.string().min(12).max(200),
});

export const LoginBody = z.object({
  email: z.string().email(),
  // ok: defaults/breached-password-check — a login form sets no password
  password: z.string().min(8).max(200),
});

export class CreateAccountDto {
  @IsString()
  // ruleid: defaults/breached-password-check
  @MinLength(10)
  password!: string;
}
