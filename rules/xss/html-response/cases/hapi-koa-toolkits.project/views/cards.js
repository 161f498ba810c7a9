'use strict';

const Hoek = require('@hapi/hoek');

exports.profileCard = (user) => `<section>
<h2>${Hoek.escapeHtml(user.name)}</h2>
<p>Member #${Number(user.id)}</p>
</section>`;

exports.feedbackEcho = (stars, remark) => `<p>You gave ${Number(stars)} stars.</p>
<q>${remark}</q>`;

exports.banner = (template, who) => '<div class="banner">' + template.replace('{{who}}', who) + '</div>';
