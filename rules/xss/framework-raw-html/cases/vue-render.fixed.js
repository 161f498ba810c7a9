// Vue components written as render functions instead of templates.
import { defineComponent, h } from 'vue';

export const SvgBadge = defineComponent({
  props: { svg: { type: String, required: true }, label: { type: String, default: '' } },
  setup(props) {
    // ruleid: xss/framework-raw-html
    return () => h('span', { class: 'svg-badge', title: props.label, textContent: props.svg });
  },
});

export const Divider = defineComponent({
  setup() {
    // ok: xss/framework-raw-html
    return () => h('span', { class: 'divider', innerHTML: '&middot;' });
  },
});

export const Caption = defineComponent({
  props: ['text'],
  setup(props) {
    // ok: xss/framework-raw-html
    return () => h('figcaption', { class: 'caption' }, props.text);
  },
});

// Vue 2 options API: render(h) / render(createElement) with domProps.
export const LegacyNote = {
  props: ['note'],
  render(createElement) {
    // ruleid: xss/framework-raw-html
    return createElement('div', { class: 'note', domProps: { textContent: this.note } });
  },
};

export const LegacyText = {
  props: ['note'],
  render(h) {
    // ok: xss/framework-raw-html
    return h('div', { domProps: { textContent: this.note } });
  },
};

export const LegacyRule = {
  render(h) {
    // ok: xss/framework-raw-html
    return h('hr', { domProps: { innerHTML: '' } });
  },
};

// Not Vue: a local helper that happens to be called h.
function hOther(tag, data) { return { tag, data }; }
const h2 = hOther;
// ok: xss/framework-raw-html
export const plain = (x) => h2('p', { innerHTML: x });
