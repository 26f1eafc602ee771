vcl 4.1;
# Varnish in front of newsroom: keeps readers' pages, and forgets exactly what changed.
#
# newsroom names each reader's page's cache keys in the `xkey` header (set
# NEWSROOM_SURROGATE_KEYS=xkey) and, with NEWSROOM_PURGE=varnish, sends
#   PURGE /  with  xkey-purge: story:12 stories ...
# to every address in NEWSROOM_PURGE_URLS when content changes (through its task
# queue). Needs Debian's varnish and varnish-modules (the xkey vmod).
#
#   varnishd -F -a 127.0.0.1:6081 -f $PWD/deploy/varnish/newsroom.vcl -n /tmp/varnish-newsroom
# Edit the backend below to point at your app servers (VCL reads no environment).

import std;
import xkey;

backend newsroom {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the machines running newsroom's workers and app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in staff and API clients with a token may see drafts: never from here.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.url ~ "^/(admin|accounts)/") {
        return (pass);
    }
    # Readers' pages set and read no cookie: do not let one split the cache.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Keep only what newsroom names keys for (readers' pages), as long as it says.
    if (beresp.http.xkey && beresp.status == 200) {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1s"), 0s);
        set beresp.grace = 10s;
    } else {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    # The keys and the layer's own lifetime are for this layer only; browsers revalidate.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Control;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
