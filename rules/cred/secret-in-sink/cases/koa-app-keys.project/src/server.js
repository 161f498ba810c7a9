import Koa from 'koa';
import session from 'koa-session';
import { settings } from './settings.js';

const app = new Koa();
app.keys = settings.cookieKeys;
app.use(session({ key: 'shop:sess', signed: true }, app));

const preview = new Koa();
preview.keys = settings.previewKeys;

const menu = { keys: [] };
menu.keys = settings.tabs;

app.listen(settings.port);
preview.listen(settings.port + 1);
