const settings = {
  clinicName: 'Riverside Family Clinic',
  // ruleid: cred/secret-in-sink
  exportKey: Buffer.from('c2NoZWR1bGVyLWV4cG9ydC1rZXktMzItYnl0ZXMhIQ==', 'base64'),
  // ok: cred/secret-in-sink
  exportKeyId: 'export-2024-01',
};

export = settings;
