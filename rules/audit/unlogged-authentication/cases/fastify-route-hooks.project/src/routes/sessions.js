import * as sessions from '../handlers/sessions.js';

export default async function sessionRoutes(app) {
  const timed = async (request) => {
    request.startedAt = Date.now();
  };
  app.post('/login', { preHandler: [timed, app.auditAfterReply('member.login')] }, sessions.login);
  app.post('/api/login', { preHandler: timed, schema: { body: { type: 'object' } } }, sessions.apiLogin);
}
