//! The one build pipeline: load → validate → figures → render → guard →
//! (write).
//!
//! `wuye build`, `serve`, `pdf` and `portfolio` all go through here, as
//! Zola's `Site` serves `zola build` and `zola serve`. A [`Build`] says what
//! to build (content, as-of day, cache, drafts); [`Build::run`] gives back an
//! [`Outcome`]: the estate, the rendered sites (when nothing failed), every
//! diagnostic and the phase timings, as values. Nothing here prints, and only
//! [`Build::write`] (through [`crate::output`]) touches the disk, so a failed
//! build leaves the previous output as it was. A one-off `wuye build` uses
//! [`Build::run_into`] instead: each notice page is guarded and written into
//! the build's own temporary folder as it is rendered, and
//! [`Build::write_staged`] swaps the folder in only when nothing failed.
//!
//! `serve` keeps a [`Kept`] between runs and says what [`Change`]d, so a
//! save re-parses only the edited files and re-renders only the pages that
//! read them; a one-off build passes [`Kept::one_off`] and keeps nothing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Severity};
use crate::output::Stage;
use crate::privacy::{Scan, Scanner, Values};
use crate::records::Estate;
use crate::records::cache::Cache;
use crate::records::load::{self, Loaded, Source};
use crate::site::theme::Theme;
use crate::site::{Rendered, Sink};
use crate::timings::Timings;

/// What to build.
#[derive(Clone, Debug)]
pub struct Build {
    /// The content directory.
    pub content: PathBuf,
    /// `--date`, when given (else `as_of` in site.yaml, `SOURCE_DATE_EPOCH`, today).
    pub date: Option<NaiveDate>,
    /// The parse cache's folder, if any.
    pub cache_dir: Option<PathBuf>,
    /// Show drafts as if published (`serve --drafts`).
    pub drafts: bool,
    /// How the public site's root is named in the privacy guard's messages
    /// (`output/public`; `public` for `serve`).
    pub public_root: String,
}

/// Work kept between runs: record-derived pages, the privacy guard's
/// index, and what the last full load knew besides the estate (what each
/// depends on and what changed is [`crate::incremental`]'s).
#[derive(Default)]
pub struct Kept {
    /// Pages and home figures computed from the records.
    pub pages: crate::site::RenderMemo,
    /// Personal values indexed from the records.
    pub guard: crate::privacy::Values,
    /// Per record file, what its parse gave: lets a save to a few record files re-parse only those.
    pub reload: Option<load::Reload>,
}

impl Kept {
    /// For a one-off build: keeps nothing (and so copies no page).
    pub fn one_off() -> Kept {
        Kept { pages: crate::site::RenderMemo::one_off(), guard: crate::privacy::Values::one_off(), reload: None }
    }
}

/// What changed since the last run, and so what this one may reuse.
pub enum Change<'a> {
    /// Nothing is known (the first build, or the last one failed): load everything.
    Everything,
    /// Only Markdown pages or static files: keep this estate's records.
    Pages(&'a Estate),
    /// These paths, some of them outside Markdown pages: if all are known
    /// record files, re-parse only those into this estate's records.
    Records(Box<Estate>, Vec<PathBuf>),
}

/// The result of one run.
pub struct Outcome {
    /// The estate the site was built from (kept for the next run), when the content loaded without errors.
    pub estate: Option<Estate>,
    /// Both sites, when nothing failed.
    pub rendered: Option<Rendered>,
    /// Errors and warnings, load's first, then render's or the guard's.
    pub diags: Vec<Diagnostic>,
    /// How long each phase took.
    pub timings: Timings,
    /// The day the site describes (when the estate loaded).
    pub as_of: Option<NaiveDate>,
}

impl Outcome {
    /// The number of errors and of warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.diags.iter().filter(|d| d.severity == Severity::Error).count();
        (errors, self.diags.len() - errors)
    }
}

/// A phase a run is in, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Reading and validating the content.
    Loading,
    /// Computing the figures and rendering the pages.
    Rendering,
    /// Scanning the public site for personal data.
    Guarding,
}

impl Build {
    /// A build of `content` as of `date`, without a parse cache.
    pub fn new(content: impl Into<PathBuf>, date: Option<NaiveDate>) -> Build {
        Build { content: content.into(), date, cache_dir: None, drafts: false, public_root: "public".into() }
    }

    fn cache(&self) -> Cache {
        self.cache_dir.as_ref().map(Cache::at).unwrap_or_else(Cache::none)
    }

    /// Loads and validates the content (every file, or what `change` says
    /// changed).
    pub fn load(&self, change: Change, kept: &mut Kept) -> Loaded {
        let source = Source::new(&self.content);
        let cache = self.cache();
        let mut loaded = match change {
            Change::Pages(prev) => load::load_pages(&source, prev),
            Change::Records(prev, paths) => match kept.reload.take() {
                Some(reload) => load::reload_records(&source, *prev, reload, &paths, &cache)
                    .unwrap_or_else(|_| load::load_with(&source, &cache)),
                None => load::load_with(&source, &cache),
            },
            Change::Everything => load::load_with(&source, &cache),
        };
        if let Some(reload) = loaded.reload.take() {
            kept.reload = Some(reload);
        }
        loaded
    }

    /// The checks that need the as-of day (a bulletin narrative still to
    /// write), which `check` and a build report and read-only commands do not.
    pub fn dated_checks(&self, estate: &Estate) -> Vec<Diagnostic> {
        crate::site::bulletins::unfinished_narratives(estate, &self.content, self.as_of(estate))
    }

    /// The day the estate's site describes.
    pub fn as_of(&self, estate: &Estate) -> NaiveDate {
        crate::config::as_of_day(self.date, estate.site.as_of)
    }

    /// Runs the pipeline in memory: load → validate → figures and pages →
    /// privacy guard. `step` is told each phase as it starts.
    pub fn run(&self, change: Change, kept: &mut Kept, step: &mut dyn FnMut(Step)) -> Outcome {
        self.run_inner(change, kept, step, None)
    }

    /// A one-off build that writes as it renders: each notice page is
    /// scanned by the privacy guard and written into `stage` the moment it
    /// is rendered, so ten thousand of them never wait in memory; the other
    /// pages are guarded as in [`Build::run`] and written by
    /// [`Build::write_staged`]. Nothing is visible before that swap, and a
    /// stage dropped without it (an error, a leak) removes what it holds.
    pub fn run_into(&self, stage: &Stage, step: &mut dyn FnMut(Step)) -> Outcome {
        self.run_inner(Change::Everything, &mut Kept::one_off(), step, Some(stage))
    }

    fn run_inner(&self, change: Change, kept: &mut Kept, step: &mut dyn FnMut(Step), stage: Option<&Stage>) -> Outcome {
        step(Step::Loading);
        let loaded = self.load(change, kept);
        let mut timings = loaded.timings;
        let mut diags = loaded.diags;
        if let Some(e) = &loaded.estate {
            diags.extend(self.dated_checks(e));
        }
        let errors = diags.iter().any(|d| d.severity == Severity::Error);
        let Some(estate) = loaded.estate.filter(|_| !errors) else {
            return Outcome { estate: None, rendered: None, diags, timings, as_of: None };
        };
        let today = self.as_of(&estate);
        step(Step::Rendering);
        let preview = self.drafts.then(|| {
            let mut e = estate.clone();
            e.notices.iter_mut().for_each(|n| n.draft = false);
            e
        });
        let target = preview.as_ref().unwrap_or(&estate);
        kept.pages.drafts = self.drafts;
        let theme_dir = Theme::override_dir(&self.content);
        // Streamed pages are scanned as they go to the stage (a one-off build indexes the values afresh).
        let t = Instant::now();
        let mut values = Values::one_off();
        let scanner = stage.and_then(|_| Scanner::new(target, &mut values));
        if stage.is_some() {
            timings.since("privacy guard: personal values indexed", t);
        }
        let found: Mutex<Vec<(String, Scan)>> = Mutex::default();
        let sink = |page: &crate::site::Page| {
            if let Some(s) = &scanner {
                let scan = s.scan(page);
                if !scan.is_clean() {
                    found.lock().unwrap_or_else(|e| e.into_inner()).push((page.path.clone(), scan));
                }
            }
            if let Some(stage) = stage {
                stage.put(false, page);
            }
        };
        let sink: Option<Sink> = stage.map(|_| &sink as Sink);
        let rendered = Theme::load(&theme_dir)
            .and_then(|theme| crate::site::render_with(target, &self.content, today, &theme, &mut kept.pages, sink));
        let mut rendered = match rendered {
            Ok(r) => r,
            Err(d) => {
                diags.extend(d);
                return Outcome { estate: Some(estate), rendered: None, diags, timings, as_of: Some(today) };
            }
        };
        timings.extend(std::mem::take(&mut rendered.timings));
        step(Step::Guarding);
        let t = Instant::now();
        let leaks = match (stage, &scanner) {
            (None, _) => crate::privacy::guard_with(target, &rendered, &self.public_root, &mut kept.guard),
            (Some(_), None) => Vec::new(),
            (Some(_), Some(s)) => {
                use rayon::prelude::*;
                let held: Vec<(&str, Scan)> =
                    rendered.public.par_iter().map(|p| (p.path.as_str(), s.scan(p))).collect();
                let found = found.into_inner().unwrap_or_else(|e| e.into_inner());
                let streamed = found.iter().map(|(p, s)| (p.as_str(), s));
                s.report(target, &self.public_root, held.iter().map(|(p, s)| (*p, s)).chain(streamed))
            }
        };
        timings.since("privacy guard", t);
        if !leaks.is_empty() {
            diags.extend(leaks);
            return Outcome { estate: Some(estate), rendered: None, diags, timings, as_of: Some(today) };
        }
        Outcome { estate: Some(estate), rendered: Some(rendered), diags, timings, as_of: Some(today) }
    }

    /// Writes what [`Build::run_into`] kept in memory into `stage` and swaps
    /// both sites in; adds the phase to `timings`.
    pub fn write_staged(stage: Stage, rendered: &Rendered, timings: &mut Timings) -> std::io::Result<()> {
        let t = Instant::now();
        stage.finish(rendered)?;
        timings.since("write: temporary directory and swap", t);
        Ok(())
    }

    /// Writes both sites into `output` (temporary folder, then swap); adds
    /// the phase to `timings`.
    pub fn write(output: &Path, rendered: &Rendered, timings: &mut Timings) -> std::io::Result<()> {
        let t = Instant::now();
        crate::output::write_site(output, rendered)?;
        timings.since("write: temporary directory and swap", t);
        Ok(())
    }
}
