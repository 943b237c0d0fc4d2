//! `wuye serve`: a live preview that never touches `output/`.
//!
//! The site is built in memory and served from there: public at `/`,
//! internal under `/_internal/`. A watcher on `content/` and the site's
//! `themes/` rebuilds after a short debounce and tells open tabs to reload
//! (server-sent events). A failed rebuild keeps the last good site and shows
//! the diagnostics over every page, like Zola and Hugo. Record files that did
//! not change are not parsed again (the parse cache), and a change to
//! notices, roles or bulletins only reloads those files.
//!
//! Binds to 127.0.0.1 unless `--bind` says otherwise: the internal site
//! holds personal data and must not be reachable from the network by accident.

use crate::i18n::Lang;
use crate::i18n::say;
use crate::i18n::tr;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use tokio::sync::broadcast;

use crate::build::{Build, Change, Kept};
use crate::diag::{Diagnostic, Severity};
use crate::site::Rendered;

/// The documented default port.
pub const DEFAULT_PORT: u16 = 8686;

/// What `wuye serve` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// The content directory.
    pub content: PathBuf,
    /// The day the site describes (fixed for the session).
    /// `--date`, when given (else `as_of` in site.yaml, `SOURCE_DATE_EPOCH`, today).
    pub date: Option<NaiveDate>,
    /// Address to bind (127.0.0.1 by default).
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Show drafts as if published.
    pub drafts: bool,
    /// Parse cache directory, if any.
    pub cache_dir: Option<PathBuf>,
    /// Print diagnostics as first lines only (`--message-format short`).
    pub short_messages: bool,
}

/// One successful build, served from memory.
#[derive(Default)]
struct Built {
    public: HashMap<String, Arc<Vec<u8>>>,
    internal: HashMap<String, Arc<Vec<u8>>>,
}

/// What the HTTP handlers and the rebuild thread share. Each lock holds one
/// value that is only ever replaced whole, so even a poisoned lock holds a
/// whole value: it is used as it is rather than panicking the server.
struct Shared {
    site: RwLock<Arc<Built>>,
    /// The overlay of the last failed rebuild's diagnostics (HTML), `None` when it succeeded.
    errors: RwLock<Option<String>>,
    reload: broadcast::Sender<()>,
}

impl Options {
    /// The pipeline this session runs on every save.
    fn build(&self) -> Build {
        Build {
            content: self.content.clone(),
            date: self.date,
            cache_dir: self.cache_dir.clone(),
            drafts: self.drafts,
            public_root: "public".into(),
        }
    }
}

fn into_built(r: Rendered) -> Built {
    let map = |pages: Vec<crate::site::Page>| pages.into_iter().map(|p| (p.path, Arc::new(p.bytes))).collect();
    Built { public: map(r.public), internal: map(r.internal) }
}

/// The error overlay (HTML) showing `diags`' errors as plain text (first lines and help; no colour).
fn overlay(lang: Lang, diags: &[Diagnostic]) -> String {
    let mut p = crate::diag::Printer::new(false, false);
    let text =
        diags.iter().filter(|d| d.severity == Severity::Error).map(|d| p.render(d)).collect::<Vec<_>>().join("\n");
    overlay_html(lang, &text)
}

/// `themes/default/serve/overlay.html` showing `text` (the template escapes it).
fn overlay_html(lang: Lang, text: &str) -> String {
    let mut context = tera::Context::new();
    context.insert("heading", &say::build_failed_overlay(lang));
    context.insert("errors", text);
    // The built-in template compiles (a unit test renders it); escaped text is the fallback regardless.
    own_page("overlay.html", &context).unwrap_or_else(|| crate::site::format::html(text))
}

/// `f()`, or `None` if it panicked: one rebuild's bug must not end the
/// rebuild thread while the server goes on serving a stale site.
fn unpanicked<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

/// `serve`'s own pages (`themes/default/serve/`): built in, never from the
/// site's theme, which may be the very thing that failed to build.
fn own_page(name: &str, context: &tera::Context) -> Option<String> {
    static OWN: std::sync::LazyLock<Option<tera::Tera>> = std::sync::LazyLock::new(|| {
        let sources = crate::site::theme::EMBEDDED
            .iter()
            .filter_map(|(p, b)| Some((p.strip_prefix("serve/")?, std::str::from_utf8(b).ok()?)));
        let mut tera = tera::Tera::new();
        // Escaped as the site's templates are.
        tera.autoescape_on(crate::site::theme::AUTOESCAPE);
        tera.add_raw_templates(sources).ok().map(|()| tera)
    });
    OWN.as_ref()?.render(name, context).ok()
}

/// Whether a changed path can affect records (anything but Markdown pages, static files and themes).
fn touches_records(content: &Path, changed: &Path) -> bool {
    let rel = changed.strip_prefix(content).unwrap_or(changed);
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
    changed.starts_with(content) && !matches!(first.as_str(), "notices" | "roles" | "bulletins" | "static")
}

/// Runs the server until Ctrl-C.
pub fn run(opts: Options) -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };
    rt.block_on(serve(opts))
}

/// The server's whole life: first build, listen, watch, rebuild on saves.
/// Long (about 130 lines) because the watcher thread and the server share
/// the state made here; each rebuild is one call into [`Build::run`].
async fn serve(opts: Options) -> i32 {
    let started = Instant::now();
    let lang = crate::config::content_lang(&opts.content);
    // Snapshot before the first build, so an edit made while it runs is still seen as an edit.
    let theme_root = crate::site::theme::Theme::override_dir(&opts.content).parent().map(Path::to_path_buf);
    let watched: Vec<PathBuf> =
        [Some(opts.content.clone()), theme_root].into_iter().flatten().filter(|p| p.is_dir()).collect();
    let mut seen = Stamps::of_trees(&watched);
    let mut kept = Kept::default();
    let build = opts.build();
    let first = tokio::task::block_in_place(|| build.run(Change::Everything, &mut kept, &mut |_| {}));
    crate::diag::eprint(&first.diags, opts.short_messages);
    let (tx, _) = broadcast::channel(16);
    let shared =
        Arc::new(Shared { site: RwLock::new(Arc::new(Built::default())), errors: RwLock::new(None), reload: tx });
    let mut last_estate = first.estate;
    match first.rendered {
        Some(r) => *shared.site.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(into_built(r)),
        None => *shared.errors.write().unwrap_or_else(PoisonError::into_inner) = Some(overlay(lang, &first.diags)),
    }
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "error: 无法监听 {addr}：{e}（换一个 --port 试试）",
                    "error: cannot listen on {addr}: {e} (try another --port)"
                )
            );
            return 2;
        }
    };
    // The watcher runs on its own thread and rebuilds there; the server only swaps Arcs.
    let (ev_tx, ev_rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let mut debouncer = match notify_debouncer_mini::new_debouncer(
        // An editor's save (truncate and write, or write and rename) lands within a few
        // milliseconds; a later event only means one more rebuild. The debounce is
        // part of every save's latency (issue 18: a notice served within 100 ms; at
        // 30 ms a notice took about 110 ms on the 5,000-unit estate, at 15 ms about 95).
        Duration::from_millis(15),
        move |res: notify_debouncer_mini::DebounceEventResult| {
            if let Ok(events) = res {
                let _ = ev_tx.send(events.into_iter().map(|e| e.path).collect());
            }
        },
    ) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}", tr!(lang, "error: 无法监视文件变化：{e}", "error: cannot watch files: {e}"));
            return 1;
        }
    };
    for w in &watched {
        if let Err(e) = debouncer.watcher().watch(w, notify::RecursiveMode::Recursive) {
            eprintln!(
                "{}",
                tr!(
                    lang,
                    format!("warning: 无法监视 {}：{e}", w.display()),
                    format!("warning: cannot watch {}: {e}", w.display())
                )
            );
        }
    }
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or_else(|_| addr.to_string());
    eprintln!("{}", say::serving(lang, &opts.content.display().to_string(), &local, started.elapsed().as_millis()));

    let content_abs = std::fs::canonicalize(&opts.content).unwrap_or_else(|_| opts.content.clone());
    let cache_abs = opts.cache_dir.as_ref().and_then(|c| std::fs::canonicalize(c).ok());
    let rebuild_shared = shared.clone();
    let rebuild_opts = opts.clone();
    std::thread::spawn(move || {
        while let Ok(mut paths) = ev_rx.recv() {
            // Coalesce events that arrived while the last rebuild ran.
            while let Ok(more) = ev_rx.try_recv() {
                paths.extend(more);
            }
            paths.retain(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                !name.starts_with('.') && !cache_abs.as_ref().is_some_and(|c| p.starts_with(c))
            });
            // Reading a file is an event too on some platforms: rebuild only for real changes.
            paths.retain(|p| seen.changed(p));
            if paths.is_empty() {
                continue;
            }
            let t = Instant::now();
            let records = paths.iter().any(|p| touches_records(&content_abs, p)) || last_estate.is_none();
            // (`records` holds whenever there is no previous estate.)
            let change = if records {
                last_estate.take().map_or(Change::Everything, |prev| Change::Records(Box::new(prev), paths))
            } else {
                last_estate.as_ref().map_or(Change::Everything, Change::Pages)
            };
            let Some(out) = unpanicked(|| build.run(change, &mut kept, &mut |_| {})) else {
                // A bug in wuye, not in the content (the panic's message is on stderr):
                // keep serving the last good site, say so over it, start afresh next time.
                (kept, last_estate) = (Kept::default(), None);
                *rebuild_shared.errors.write().unwrap_or_else(PoisonError::into_inner) =
                    Some(overlay_html(lang, &say::rebuild_panicked(lang)));
                eprintln!("{}", say::rebuild_failed(lang));
                let _ = rebuild_shared.reload.send(());
                continue;
            };
            // After a failed full load the records are unknown: the next rebuild loads them all again.
            if records || out.estate.is_some() {
                last_estate = out.estate;
            }
            match out.rendered {
                Some(r) => {
                    *rebuild_shared.site.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(into_built(r));
                    *rebuild_shared.errors.write().unwrap_or_else(PoisonError::into_inner) = None;
                    eprintln!("{}", say::rebuilt(lang, t.elapsed().as_millis()));
                }
                None => {
                    crate::diag::eprint(&out.diags, rebuild_opts.short_messages);
                    *rebuild_shared.errors.write().unwrap_or_else(PoisonError::into_inner) =
                        Some(overlay(lang, &out.diags));
                    eprintln!("{}", say::rebuild_failed(lang));
                }
            }
            let _ = rebuild_shared.reload.send(());
        }
    });

    let app = Router::new().route("/__wuye/events", axum::routing::get(events)).fallback(page).with_state(shared);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("{}", say::stopping(lang));
        })
        .await;
    drop(debouncer);
    match served {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// Size and modification time of every watched file, to tell edits from reads.
struct Stamps(HashMap<PathBuf, Option<(u64, std::time::SystemTime)>>);

impl Stamps {
    fn stamp(p: &Path) -> Option<(u64, std::time::SystemTime)> {
        let m = std::fs::metadata(p).ok()?;
        Some((m.len(), m.modified().ok()?))
    }
    fn of_trees(roots: &[PathBuf]) -> Stamps {
        let mut map = HashMap::new();
        for r in roots {
            for e in walkdir::WalkDir::new(r).into_iter().flatten() {
                let p = std::fs::canonicalize(e.path()).unwrap_or_else(|_| e.path().to_path_buf());
                map.insert(p.clone(), Self::stamp(&p));
            }
        }
        Stamps(map)
    }
    /// Whether `p` differs from when last seen (and remembers it).
    fn changed(&mut self, p: &Path) -> bool {
        let key = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let now = Self::stamp(&key);
        self.0.insert(key, now) != Some(now)
    }
}

async fn events(State(s): State<Arc<Shared>>) -> impl IntoResponse {
    let rx = s.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                Some((Ok::<_, std::convert::Infallible>(Event::default().data("reload")), rx))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

const RELOAD_SCRIPT: &str = r#"<script>(function(){var s=new EventSource("/__wuye/events");s.onmessage=function(){location.reload()};})();</script>"#;

async fn page(State(s): State<Arc<Shared>>, req: Request) -> Response {
    let path = percent_decode(req.uri().path());
    let (internal, rel) = match path.strip_prefix("/_internal") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => (true, rest.trim_start_matches('/').to_string()),
        _ => (false, path.trim_start_matches('/').to_string()),
    };
    let site = s.site.read().unwrap_or_else(PoisonError::into_inner).clone();
    let pages = if internal { &site.internal } else { &site.public };
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.clone(), format!("{rel}/index.html")]
    };
    let hit = candidates.iter().find_map(|c| pages.get(c).map(|b| (c.clone(), b.clone())));
    let errors = s.errors.read().unwrap_or_else(PoisonError::into_inner).clone();
    let (status, name, body) = match hit {
        Some((name, body)) => (StatusCode::OK, name, body),
        None => match pages.get("404.html") {
            Some(b) => (StatusCode::NOT_FOUND, "404.html".to_string(), b.clone()),
            None => (
                StatusCode::NOT_FOUND,
                "404.html".to_string(),
                Arc::new(own_page("404.html", &tera::Context::new()).unwrap_or_default().into_bytes()),
            ),
        },
    };
    let mime = mime_of(&name);
    if mime.starts_with("text/html") {
        let mut html = String::from_utf8_lossy(&body).into_owned();
        let mut inject = String::from(RELOAD_SCRIPT);
        if let Some(overlay) = errors {
            inject.push_str(&overlay);
        }
        match html.rfind("</body>") {
            Some(i) => html.insert_str(i, &inject),
            None => html.push_str(&inject),
        }
        return (status, [(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "no-store")], html).into_response();
    }
    (status, [(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "no-store")], body.as_ref().clone()).into_response()
}

fn mime_of(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// A request path decoded (`%E6%A1%8C` → 桌, invalid UTF-8 as U+FFFD) with
/// every `.` and `..` segment dropped, so no request climbs out of the site.
fn percent_decode(s: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8_lossy();
    decoded.split('/').filter(|c| *c != ".." && *c != ".").collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Pos};

    #[test]
    fn request_paths_decode_and_stay_inside() {
        assert_eq!(percent_decode("/notices/%E6%A1%8C.html"), "/notices/桌.html");
        assert_eq!(percent_decode("/a%20b/../../x/./y"), "/a b/x/y");
        assert_eq!(percent_decode("/%2e%2e/%2E%2E/secret"), "/secret", "encoded dots are dots");
        assert_eq!(percent_decode("/%+f/%zz/%4"), "/%+f/%zz/%4", "not an escape: kept as typed");
        assert_eq!(percent_decode("/%FF.html"), "/\u{FFFD}.html");
    }

    #[test]
    fn the_overlay_escapes_what_it_shows() {
        let d = Diagnostic::new(Code::FileRead, "content/<b>.yaml", Pos::START, "<script>alert(1)</script> & 'x'");
        let html = overlay(Lang::Zh, &[d]);
        assert!(html.starts_with("<div id=\"wuye-errors\""), "{html}");
        assert!(html.contains("构建失败"), "{html}");
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"), "{html}");
        assert!(html.contains("content/&lt;b&gt;.yaml"), "{html}");
        assert!(overlay(Lang::En, &[]).contains("build failed"));
    }

    #[test]
    fn a_panicking_rebuild_is_caught() {
        assert_eq!(unpanicked(|| 3), Some(3));
        assert_eq!(unpanicked(|| -> u8 { panic!("a bug (this test's own; its message is expected)") }), None);
        assert!(overlay_html(Lang::Zh, &say::rebuild_panicked(Lang::Zh)).contains("wuye-errors"));
    }

    #[test]
    fn the_bare_404_renders() {
        assert_eq!(
            own_page("404.html", &tera::Context::new()).as_deref(),
            Some("<!doctype html><title>404</title><body></body>\n")
        );
    }
}
