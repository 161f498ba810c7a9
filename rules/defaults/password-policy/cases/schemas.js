'use strict';

const Joi = require('joi');
const { z } = require('zod');
const yup = require('yup');
const mongoose = require('mongoose');
const { body } = require('express-validator');
const { isPwned } = require('./hibp');

const registerSchema = Joi.object({
  email: Joi.string().email().required(),
  // ok: defaults/password-policy — a username, not a password
  username: Joi.string().alphanum().min(3).max(30).required(),
  // ruleid: defaults/password-policy
  password: Joi.string().min(6).max(128).required(),
});

const loginSchema = z.object({
  email: z.string().email(),
  // ok: defaults/password-policy — "not empty" on a login form is no policy
  password: z.string().min(1),
});

const resetSchema = yup.object({
  // ruleid: defaults/password-policy
  newPassword: yup.string().min(7, 'Too short').required(),
  // ok: defaults/password-policy — the current password is typed, not set
  currentPassword: yup.string().min(4).required(),
  // ok: defaults/password-policy — a PIN is not a password
  pin: yup.string().min(4).max(6),
});

const changeSchema = z.object({
  // ok: defaults/password-policy — 12 characters, and the file checks breached passwords
  password: z.string().min(12).max(200).refine(async (p) => !(await isPwned(p)), 'This password appeared in a breach'),
});

const customerSchema = new mongoose.Schema({
  email: { type: String, required: true, unique: true },
  // ruleid: defaults/password-policy
  password: { type: String, required: true, minlength: 6 },
});

const signupChecks = [
  body('email').isEmail(),
  // ruleid: defaults/password-policy
  body('password').isLength({ min: 5 }),
];

// A password schema kept in a variable named for it and reused by several forms.
// ruleid: defaults/password-policy
const newPassword = z.string().min(6).max(200);
const signupSchema = z.object({ password: newPassword });
// ok: defaults/password-policy — a variable named for something else
const displayName = z.string().min(2).max(60);

module.exports = { newPassword, signupSchema, displayName, registerSchema, loginSchema, resetSchema, changeSchema, customerSchema, signupChecks };
