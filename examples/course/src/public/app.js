// Browser code for the shop's pages.
const banner = document.getElementById('banner');
banner.innerHTML = 'Welcome back, ' + decodeURIComponent(location.hash.slice(1));

const counter = document.getElementById('cart-count');
counter.textContent = String(JSON.parse(localStorage.getItem('cart') || '[]').length);

document.getElementById('notice').innerHTML = '<strong>Free shipping</strong> on orders over 50 €';
