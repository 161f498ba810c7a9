import Fastify from 'fastify';
import auditPlugin from './plugins/audit.js';
import sessionRoutes from './routes/sessions.js';

const app = Fastify({ logger: true });
await app.register(auditPlugin);
await app.register(sessionRoutes);
await app.listen({ port: 3000 });
