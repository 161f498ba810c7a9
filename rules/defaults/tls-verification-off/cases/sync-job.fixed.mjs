#!/usr/bin/env node
// Nightly stock sync with the supplier portal.
import { setTimeout as sleep } from 'node:timers/promises';

// supplier's chain is incomplete since their renewal
// ruleid: defaults/tls-verification-off

const res = await fetch(process.env.SUPPLIER_URL);
console.log(res.status);
await sleep(250);
