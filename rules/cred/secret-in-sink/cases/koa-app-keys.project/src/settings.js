export const settings = {
  port: Number(process.env.PORT ?? 3000),
  // signed-cookie keys, newest first
  // ruleid: cred/secret-in-sink
  cookieKeys: ['7f3c9a1e5b2d8046c1e9f7a3b5d2c804', 'c2e8a4f6b1d3957e0a8c6f4b2d1e9a37'],
  // ok: cred/secret-in-sink
  previewKeys: (process.env.PREVIEW_KEYS ?? '').split(','),
  // ok: cred/secret-in-sink
  tabs: ['overview', 'billing-settings-archive'],
};
