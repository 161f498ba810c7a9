// The shop's entry point.
const express = require('express');
const session = require('express-session');
const { engine } = require('express-handlebars');
const config = require('./config');

const app = express();
app.engine('hbs', engine({ extname: '.hbs' }));
app.set('view engine', 'ejs');
app.use(express.urlencoded({ extended: false }));
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));
app.use(require('./routes/auth'));
app.use('/admin', require('./routes/admin'));
app.use(require('./routes/products'));

app.listen(config.port);
