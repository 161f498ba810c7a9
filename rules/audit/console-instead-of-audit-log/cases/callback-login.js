// A login decided in a callback whose failed branch writes only console.log: not an audit trail,
// reported as such (at warning: for incident response it is as good as no event).
function SessionHandler(users) {
  this.handleLoginRequest = (req, res, next) => {
    const { userName, password } = req.body;
    users.validateLogin(userName, password, (err, user) => {
      if (err) {
        if (err.noSuchUser) {
          console.log('Error: attempt to login with invalid user: ', userName);
          // ruleid: audit/console-instead-of-audit-log
          return res.render('login', { userName, loginError: 'Invalid username' });
        }
        // ok: audit/console-instead-of-audit-log (an unknown error is handed on)
        return next(err);
      }
      console.log('login', user._id);
      req.session.userId = user._id;
      // ruleid: audit/console-instead-of-audit-log
      return res.redirect('/dashboard');
    });
  };

  this.isLoggedInMiddleware = (req, res, next) => {
    if (req.session.userId) {
      return next();
    }
    console.log('redirecting to login');
    // ok: audit/console-instead-of-audit-log (an anonymous visitor sent to the login page)
    return res.redirect('/login');
  };
}

module.exports = SessionHandler;
