// The defaults family (insecure defaults and missing controls), registered as one entry so that
// rules/index.ts stays a short shared file.

import breachedPasswordCheck from './breached-password-check/rule';
import corsCredentials from './cors-credentials/rule';
import insecureCookie from './insecure-cookie/rule';
import missingControl from './missing-control/rule';
import passwordPolicy from './password-policy/rule';
import sessionDefaults from './session-defaults/rule';

export const defaultsRules = [breachedPasswordCheck, corsCredentials, insecureCookie, missingControl, passwordPolicy, sessionDefaults];
