// jQuery search page: results come from the server, the query from the URL.
const $ = require('jquery');
const DOMPurify = require('dompurify');

function showQuery() {
  const q = new URLSearchParams(window.location.search).get('q');
  // ruleid: xss/dom-html-sink
  $('#query').text(q);
  // ok: xss/dom-html-sink
  $('#query').text(q);
}

function showResults(results) {
  const $list = $('#results');
  for (const r of results) {
    // ruleid: xss/dom-html-sink
    $list.append(DOMPurify.sanitize('<li><a href="' + r.url + '">' + r.title + '</a></li>'));
    // ok: xss/dom-html-sink
    $list.append($('<li>').text(r.title));
  }
  // ok: xss/dom-html-sink
  $('#spinner').html('<span class="spinner"></span>');
}

module.exports = { showQuery, showResults };
