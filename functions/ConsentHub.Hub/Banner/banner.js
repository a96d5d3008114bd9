/*! ConsentHub cookie banner. No dependencies. Embed:
  <script src="https://HUB/banner.js" data-tenant="TENANT" data-site-key="pk_…" async></script>
  Optional: data-cookie-domain="example.fi" (share the choice across subdomains), data-lang="fi". */
(function (w, d) {
  'use strict';
  if (w.ConsentHub) return;
  var s = d.currentScript || d.querySelector('script[data-tenant][src*="banner.js"]');
  var tenant = s.getAttribute('data-tenant'), key = s.getAttribute('data-site-key');
  var api = new URL(s.src).origin + '/api/v1/' + encodeURIComponent(tenant) + '/banner/', q = '?k=' + encodeURIComponent(key);
  var NAME = 'consenthub', YEAR = 31536e3, gpc = navigator.globalPrivacyControl === true;
  var TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'];
  var cfg, state = read(), root, opener, wantOpen, mustChoose, live, valid, queue = [], busy, styled;

  // Google Consent Mode v2: everything denied until a choice is known.
  function gtag() {
    if (typeof w.gtag == 'function') w.gtag.apply(w, arguments);
    else if (w.dataLayer && w.dataLayer.push) w.dataLayer.push(arguments);
  }
  var denied = {};
  TYPES.forEach(function (t) { denied[t] = 'denied'; });
  gtag('consent', 'default', denied);

  function read() {
    var m = d.cookie.match(/(?:^|;\s*)consenthub=([^;]*)/);
    try { var v = m && JSON.parse(decodeURIComponent(m[1])); return v && v.v && v.c ? v : null; } catch (e) { return null; }
  }
  function write(v) {
    var dom = s.getAttribute('data-cookie-domain') || cfg.cookieDomain, host = location.hostname;
    // A domain the page is not under would make the browser drop the cookie: fall back to this host.
    if (dom && host != dom.replace(/^\./, '') && host.slice(-dom.replace(/^\./, '').length - 1) != '.' + dom.replace(/^\./, '')) dom = '';
    d.cookie = NAME + '=' + encodeURIComponent(JSON.stringify(v)) + '; Path=/; Max-Age=' + YEAR + '; SameSite=Lax' +
      (dom ? '; Domain=' + dom : '') + (location.protocol == 'https:' ? '; Secure' : '');
  }
  function uid() {
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function json(r) { if (!r.ok) throw new Error(r.status); return r.json(); }
  function expired(v) { return !v.t || Date.now() - Date.parse(v.t) > YEAR * 1000; }
  // A service's own choice where it differs from its category's (kept small in the cookie), else the category's.
  function val(k, sv) { return !!(state && (state.s && sv in state.s ? state.s[sv] : state.c[k])); }
  function on(k, sv) { return valid && val(k, sv); }
  function each(f) { cfg.categories.forEach(function (k) { (k.services || []).forEach(function (x) { f(k, x); }); }); }
  function diff(c, sv) {
    var o = {};
    each(function (k, x) { if (x.id in sv && sv[x.id] != c[k.id]) o[x.id] = sv[x.id]; });
    return o;
  }
  function get() {
    if (!state) return null;
    var sv = Object.assign({}, state.s);
    if (cfg) each(function (k, x) { sv[x.id] = val(k.id, x.id); });
    return { visitorId: state.v, categories: Object.assign({}, state.c), services: sv, policyVersion: state.p, decidedAt: state.t };
  }

  // Deletes a refused category's cookies (a trailing * matches a prefix) on this host and every parent domain.
  function drop(name) {
    var names = name.slice(-1) != '*' ? [name] : d.cookie.split(/;\s*/).map(function (p) { return p.split('=')[0]; })
      .filter(function (n) { return n && n.indexOf(name.slice(0, -1)) == 0; });
    var parts = location.hostname.split('.');
    names.forEach(function (n) {
      d.cookie = n + '=; Max-Age=0; Path=/';
      for (var i = 0; i < parts.length - 1; i++) d.cookie = n + '=; Max-Age=0; Path=/; Domain=' + parts.slice(i).join('.');
    });
  }

  // Prior blocking: marked scripts, iframes and images wait until their category (or their service) is granted, then
  // run once, in document order. A withdrawal cannot unrun a script, so it takes effect from the next page load.
  // Google's tags (data-consenthub-google) load at once in Consent Mode's advanced mode, after the denied default.
  var BLOCKED = 'script[data-consenthub-category],iframe[data-consenthub-category],img[data-consenthub-category]';
  function scan(n) {
    if (!live || n.nodeType != 1) return;
    (n.matches(BLOCKED) ? [n] : []).concat(Array.prototype.slice.call(n.querySelectorAll(BLOCKED))).forEach(function (e) {
      if (e.chDone || (e.tagName == 'SCRIPT' && e.type != 'text/plain')) return;
      if (!e.chOk && !(e.hasAttribute('data-consenthub-google') && cfg.consentModeImplementation != 'basic') &&
        !on(e.getAttribute('data-consenthub-category'), e.getAttribute('data-consenthub-service'))) {
        if (e.tagName != 'SCRIPT') hold(e);
        return;
      }
      e.chDone = 1;
      if (e.chPh) { e.chPh.remove(); e.style.display = e.chDisp; }
      queue.push(e);
    });
    pump();
  }

  // An embed waiting for consent shows why, in the page's language, with a button that loads this one (granting its
  // service, if it names one) and one that allows its whole category.
  function hold(e) {
    if (e.chPh) return;
    var k = e.getAttribute('data-consenthub-category'), sv = e.getAttribute('data-consenthub-service'), t = cfg.texts, x, c;
    cfg.categories.forEach(function (y) { if (y.id == k) c = y; (y.services || []).forEach(function (z) { if (z.id == sv) x = z; }); });
    var name = (c ? c.name : k).toLowerCase(), refused = gpc && k == 'marketing';
    function f(s) { return s.replace('{service}', x && x.name).replace('{category}', name); }
    var text = el('p', {}, [f(x ? t.embed : t.embedAny)]);
    if (x && x.privacyUrl) text.append(' ', el('a', { href: x.privacyUrl, target: '_blank', rel: 'noopener' }, [t.privacy]));
    var load = el('button', { type: 'button', 'data-consenthub-embed': 'load' }, [t.load]), p = el('div', { 'class': 'consenthub-embed', role: 'group',
      'aria-label': x ? x.name : c ? c.name : k, lang: cfg.language }, [text, load]);
    load.onclick = function () {
      e.chOk = 1;   // this one at least, whatever is recorded
      if (x && !refused) record(function (cs, ss) { ss[x.id] = true; });
      scan(e);
      done(e);
    };
    if (c && !refused) {
      var all = el('button', { type: 'button', 'data-consenthub-embed': 'allow' }, [f(t.allow)]);
      all.onclick = function () {
        record(function (cs, ss) { cs[k] = true; (c.services || []).forEach(function (z) { ss[z.id] = true; }); });
        done(e);
      };
      p.append(all);
    }
    if (!styled) styled = d.head.appendChild(el('style', {}, [ECSS]));
    e.chDisp = e.style.display;
    e.style.display = 'none';
    e.parentNode.insertBefore(p, e);
    e.chPh = p;
  }
  // Focus goes to what was loaded rather than to the page's start.
  function done(e) {
    if (e.tagName == 'IMG') e.tabIndex = -1;
    e.focus();
  }
  // A choice made at an embed: the choice in effect (or nothing granted), changed by f.
  function record(f) {
    var c = {}, sv = {};
    cfg.categories.forEach(function (k) {
      c[k.id] = k.required || on(k.id);
      (k.services || []).forEach(function (x) { sv[x.id] = k.required || on(k.id, x.id); });
    });
    f(c, sv);
    // An open banner shows the new choice, so a "save" right after keeps what the embed granted.
    if (root) {
      cfg.categories.forEach(function (k) { root.querySelector('[data-consenthub-category="' + k.id + '"]').checked = c[k.id]; });
      each(function (k, x) { root.querySelector('[data-consenthub-service="' + x.id + '"]').checked = sv[x.id]; });
    }
    commit(c, sv, 'embed');
  }
  function pump() {
    while (!busy && queue.length) {
      var e = queue.shift(), src = e.getAttribute('data-src');
      if (e.tagName != 'SCRIPT') { if (src) e.src = src; continue; }
      var n = d.createElement('script');
      for (var i = 0; i < e.attributes.length; i++) n.setAttribute(e.attributes[i].name, e.attributes[i].value);
      n.type = 'text/javascript';
      src = e.getAttribute('src') || src;
      if (src) {
        // The next one waits for this to load, as the parser would have made it.
        n.src = src;
        busy = 1;
        n.onload = n.onerror = function () { busy = 0; pump(); };
      } else n.text = e.text;
      e.parentNode.insertBefore(n, e.nextSibling);
    }
  }
  new MutationObserver(function (list) {
    list.forEach(function (m) { Array.prototype.forEach.call(m.addedNodes, scan); });
  }).observe(d.documentElement, { childList: true, subtree: true });

  function apply() {
    var update = {}, keep = {};
    TYPES.forEach(function (t) { var c = cfg.consentMode[t]; update[t] = c && state.c[c] ? 'granted' : 'denied'; });
    gtag('consent', 'update', update);
    // A refused category's or service's cookies go, except those a granted service also names.
    each(function (k, x) { if (val(k.id, x.id)) x.cookies.forEach(function (n) { keep[n] = 1; }); });
    function gone(n) { if (!keep[n]) drop(n); }
    cfg.categories.forEach(function (c) { if (!state.c[c.id]) c.cookies.forEach(gone); });
    each(function (k, x) { if (!val(k.id, x.id)) x.cookies.forEach(gone); });
    d.dispatchEvent(new CustomEvent('consenthub:change', { detail: get(), bubbles: true }));
    live = valid = 1;
    scan(d.documentElement);
  }

  function decide(action) {
    var c = {}, sv = {};
    cfg.categories.forEach(function (k) {
      function pick(box) { return k.required || (gpc && k.id == 'marketing' ? false : action == 'accept-all' || (action == 'save' && box.checked)); }
      c[k.id] = pick(root.querySelector('[data-consenthub-category="' + k.id + '"]'));
      (k.services || []).forEach(function (x) { sv[x.id] = pick(root.querySelector('[data-consenthub-service="' + x.id + '"]')); });
    });
    close();
    commit(c, sv, action);
  }

  function commit(c, sv, action) {
    state = { v: state ? state.v : uid(), c: c, s: diff(c, sv), p: cfg.policyVersion, t: new Date().toISOString() };
    write(state);
    apply();
    send(c, sv, action, true).then(function (r) { state.r = r.receiptId; write(state); }).catch(function () {});
  }

  function send(c, sv, action, retry) {
    return fetch(api + 'consents' + q, {
      method: 'POST', keepalive: true, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ visitorId: state.v, categories: c, services: sv, policyVersion: cfg.policyVersion, gpc: gpc, language: cfg.language, action: action })
    }).then(function (r) {
      // 410: the hub shredded this browser's earlier choices (retention of a visitor never linked to a person): start afresh.
      if (r.status == 410 && retry) { state.v = uid(); write(state); return send(c, sv, action, false); }
      return json(r);
    });
  }

  function el(tag, attrs, kids) {
    var e = d.createElement(tag);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    (kids || []).forEach(function (k) { e.append(k); });   // text nodes only: nothing from config is parsed as HTML
    return e;
  }
  function button(action, text, alt) {
    return el('button', { type: 'button', 'data-consenthub-action': action, 'class': alt ? 'ch-alt' : 'ch-main' }, [text]);
  }
  function focusables() {
    return Array.prototype.filter.call(root.querySelectorAll('button,input,a[href]'), function (x) { return !x.disabled && x.offsetParent; });
  }

  function build() {
    var t = cfg.texts, body = el('p', { id: 'consenthub-body' }, [t.body + ' ']);
    if (cfg.privacyPolicyUrl) body.append(el('a', { href: cfg.privacyPolicyUrl, target: '_blank', rel: 'noopener' }, [t.privacy]));
    var cats = el('div', { 'class': 'ch-cats', hidden: '', role: 'group', 'aria-label': t.choose }, cfg.categories.map(function (c) {
      var box = el('input', { type: 'checkbox', role: 'switch', 'data-consenthub-category': c.id, id: 'consenthub-c-' + c.id });
      box.disabled = c.required || (gpc && c.id == 'marketing');
      var label = el('label', { 'for': box.id }, [el('b', {}, [c.name]), c.required ? ' (' + t.alwaysOn + ')' : '']);
      // A switch per service: the category's switch sets them all, one alone grants only that service.
      var svcs = (c.services || []).map(function (x) {
        var b = el('input', { type: 'checkbox', role: 'switch', 'data-consenthub-service': x.id, 'data-consenthub-in': c.id, id: 'consenthub-s-' + x.id });
        b.disabled = box.disabled;
        return el('div', { 'class': 'ch-cat ch-svc' }, [b, el('div', {}, [el('label', { 'for': b.id }, [x.name])]
          .concat(x.provider ? [el('small', {}, [x.provider])] : [])
          .concat(x.privacyUrl ? [el('small', {}, [el('a', { href: x.privacyUrl, target: '_blank', rel: 'noopener' }, [t.privacy])])] : []))]);
      });
      return el('div', { 'class': 'ch-cat' }, [box, el('div', {}, [label].concat(c.description ? [el('small', {}, [c.description])] : [])
        .concat(svcs.length ? [el('div', { role: 'group', 'aria-label': c.name }, svcs)] : []))]);
    }).concat([el('small', { 'class': 'ch-later' }, [t.later])]));
    var box = el('div', { 'class': 'ch-box' }, [el('h2', { id: 'consenthub-title' }, [t.title]), body]
      .concat(gpc ? [el('p', { 'class': 'ch-gpc' }, [t.gpc])] : [])
      .concat([cats, el('div', { 'class': 'ch-btns' }, [
        button('reject-all', t.rejectAll), button('accept-all', t.acceptAll), button('settings', t.settings, 1), button('save', t.save, 1)])]));
    root = el('div', { id: 'consenthub-banner', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'consenthub-title',
      'aria-describedby': 'consenthub-body', lang: cfg.language, hidden: '' }, [box]);
    root.appendChild(el('style', {}, [CSS]));
    root.addEventListener('click', function (e) {
      var b = e.target.closest('[data-consenthub-action]'), a = b && b.getAttribute('data-consenthub-action');
      if (a == 'settings') layer(2);
      else if (a) decide(a);
    });
    root.addEventListener('change', function (e) {
      var b = e.target, k = b.getAttribute('data-consenthub-category'), all = function (k) { return root.querySelectorAll('[data-consenthub-in="' + k + '"]'); };
      if (k) all(k).forEach(function (x) { x.checked = b.checked; });
      else if (k = b.getAttribute('data-consenthub-in'))
        root.querySelector('[data-consenthub-category="' + k + '"]').checked = Array.prototype.every.call(all(k), function (x) { return x.checked; });
    });
    root.addEventListener('keydown', function (e) {
      if (e.key == 'Escape' && !mustChoose) { close(); return; }   // only a banner reopened over a valid choice closes unchanged
      if (e.key != 'Tab') return;
      var f = focusables(), first = f[0], last = f[f.length - 1];
      if (e.shiftKey ? d.activeElement == first : d.activeElement == last) { e.preventDefault(); (e.shiftKey ? last : first).focus(); }
    });
    // Focus trap: focus that leaves the open dialog comes back to it.
    d.addEventListener('focusin', function (e) { if (!root.hidden && !root.contains(e.target)) focusables()[0].focus(); });
    d.body.appendChild(root);
  }
  function layer(n) {
    root.querySelector('.ch-cats').hidden = n != 2;
    root.querySelector('[data-consenthub-action="settings"]').hidden = n == 2;
    root.querySelector('[data-consenthub-action="save"]').hidden = n != 2;
    var target = root.querySelector(n == 2 ? '.ch-cats input:not([disabled])' : '.ch-btns button');
    (target || focusables()[0]).focus();
  }
  function show(must) {
    mustChoose = must !== false;
    if (!d.body) return d.addEventListener('DOMContentLoaded', function () { show(must); });
    if (!root) build();
    cfg.categories.forEach(function (c) {
      root.querySelector('[data-consenthub-category="' + c.id + '"]').checked = c.required || (!(gpc && c.id == 'marketing') && val(c.id));
    });
    each(function (c, x) { root.querySelector('[data-consenthub-service="' + x.id + '"]').checked = c.required || (!(gpc && c.id == 'marketing') && val(c.id, x.id)); });
    if (root.hidden) opener = d.activeElement;
    root.hidden = false;
    layer(1);
  }
  function close() {
    root.hidden = true;
    if (opener && opener.focus && d.contains(opener)) opener.focus();
  }

  var CSS = '#consenthub-banner{position:fixed;z-index:2147483000;left:0;right:0;bottom:0;display:flex;justify-content:center;padding:12px;box-sizing:border-box;pointer-events:none;font:15px/1.45 system-ui,sans-serif;color:#1a1a1a}' +
    '#consenthub-banner [hidden],#consenthub-banner[hidden]{display:none!important}' +
    '#consenthub-banner .ch-box{pointer-events:auto;background:#fff;width:100%;max-width:640px;max-height:85vh;overflow:auto;border-radius:10px;box-shadow:0 4px 24px rgba(0,0,0,.3);padding:20px;box-sizing:border-box}' +
    '#consenthub-banner h2{font-size:19px;margin:0 0 8px}#consenthub-banner p{margin:0 0 12px}#consenthub-banner a{color:#0b57d0}' +
    '#consenthub-banner .ch-btns{display:flex;flex-wrap:wrap;gap:8px}' +
    '#consenthub-banner button{flex:1 1 10em;font:inherit;font-weight:600;cursor:pointer;border-radius:6px;padding:10px 16px;border:2px solid #1a3d7c;background:#1a3d7c;color:#fff}' +
    '#consenthub-banner button.ch-alt{background:#fff;color:#1a3d7c}' +
    '#consenthub-banner :focus-visible{outline:3px solid #c77700;outline-offset:2px}' +
    '#consenthub-banner .ch-cat,#consenthub-banner .ch-later{display:flex;gap:10px;padding:8px 0;border-top:1px solid #ddd}' +
    '#consenthub-banner input{width:20px;height:20px;margin:2px 0 0;flex:none;accent-color:#1a3d7c}#consenthub-banner small{display:block;color:#555}' +
    '#consenthub-banner .ch-svc{border:0;padding:4px 0}';
  var ECSS = '.consenthub-embed{box-sizing:border-box;max-width:100%;padding:16px;margin:0 0 8px;border:1px solid #888;border-radius:8px;background:#f4f4f4;color:#1a1a1a;font:15px/1.45 system-ui,sans-serif}' +
    '.consenthub-embed p{margin:0 0 8px}.consenthub-embed a{color:#0b57d0}' +
    '.consenthub-embed button{font:inherit;font-weight:600;cursor:pointer;margin:4px 8px 0 0;padding:8px 14px;border-radius:6px;border:2px solid #1a3d7c;background:#1a3d7c;color:#fff}' +
    '.consenthub-embed button+button{background:#fff;color:#1a3d7c}.consenthub-embed :focus-visible{outline:3px solid #c77700;outline-offset:2px}';

  w.ConsentHub = {
    open: function () { if (cfg) show(false); else wantOpen = true; },
    get: get
  };

  var lang = s.getAttribute('data-lang') || d.documentElement.lang || navigator.language || '';
  fetch(api + 'config' + q + '&lang=' + encodeURIComponent(lang)).then(json).then(function (c) {
    cfg = c;
    if (!state || state.p !== c.policyVersion || expired(state)) {
      live = 1;   // nothing granted yet: embeds get their placeholders, Google's tags load in advanced mode
      scan(d.documentElement);
      return show();
    }
    apply();
    if (wantOpen) show(false);
    // The hub has the last word: a new policy, a year passed, or a change made elsewhere (an objection).
    return fetch(api + 'consents/' + encodeURIComponent(state.v) + q).then(json).then(function (r) {
      if (r.prompt) return show();
      var sv = r.services || {}, now = get().services, changed = Object.keys(r.categories).some(function (k) { return r.categories[k] !== state.c[k]; }) ||
        Object.keys(sv).some(function (x) { return sv[x] !== now[x]; });
      if (changed) { state.c = r.categories; state.s = diff(r.categories, sv); write(state); apply(); }
    });
  }).catch(function () {});   // hub unreachable: everything stays denied
})(window, document);
