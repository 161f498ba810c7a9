// The shop's audit trail: one JSON line per security event, UTC ISO-8601 time, for the SIEM.
function auditLog(event) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}

module.exports = { auditLog };
