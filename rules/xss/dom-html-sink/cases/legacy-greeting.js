// A classic browser script loaded with <script src>: it has no module system, so neither an
// import nor a require can be added — the fix escapes each part with a small local helper.
function showGreeting(name) {
  // ruleid: xss/dom-html-sink
  document.getElementById('greeting').innerHTML = '<b>Hello, ' + name + '</b>';
}

showGreeting(new URLSearchParams(location.search).get('name') || 'friend');
