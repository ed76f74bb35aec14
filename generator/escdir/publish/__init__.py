"""Stage 6, publish: putting the presented site and exports where readers get them.

Enters: pages and the derived view.
Leaves: the ``Site`` / ``SitePlan`` the engine adapters apply (MkDocs/ProperDocs plugin, Zensical), atomic builds
into a guarded site directory with the page policy (CSP), exports (JSON API, vCards, calendar, break-glass), and
client sites (shards, hosting, PDF).
"""
