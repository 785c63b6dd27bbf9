/* global window, location, fetch */
/*
 * P13 speed: the residents' community page (/m/#/a/<id>) asks for its data while the scripts are
 * still downloading, instead of after they have run (one round trip less on a slow network). A
 * classic async script, no dependencies; the app picks the answer up in src/public/api.ts.
 */
(function () {
  var m = /^#\/(?:a|q)\/(\d+)/.exec(location.hash);
  if (!m || !window.fetch) return;
  window.__ziboAreaPrefetch = {
    id: Number(m[1]),
    response: fetch('/api/public/residential-areas/' + m[1], {
      headers: { accept: 'application/json' },
    }),
  };
})();
