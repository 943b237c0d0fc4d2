//! Writing a built site: a temporary directory of our own, then an atomic swap.
//!
//! Invariants:
//! - on Linux, at every instant `OUTPUT/public` (and `OUTPUT/internal`) is
//!   either the complete old site or the complete new one
//!   (`renameat2(RENAME_EXCHANGE)`);
//! - elsewhere (Windows, macOS, filesystems without the exchange) a directory
//!   cannot be exchanged atomically: the old tree is renamed aside to
//!   `OUTPUT/.<site>.wuye-old`, the new one renamed in, the old one removed.
//!   A build killed between the two renames leaves the old tree aside, and the
//!   next wuye run puts it back ([`repair_interrupted_swaps`]) before anything
//!   else, so after it there is always a complete old or new site;
//! - the build deletes nothing but its own output and its own temporaries,
//!   which are named `.<output-name>.wuye-tmp-<pid>` beside the output;
//! - an output directory that wuye did not create (no marker file) is not
//!   touched unless `--force`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::i18n::tr;
use crate::site::{Page, Rendered};

/// The file that marks a directory as wuye's output.
pub const MARKER: &str = ".wuye-output";

const SITES: [&str; 2] = ["public", "internal"];

/// `p` made absolute, with its longest existing ancestor canonicalized
/// (symlinks and `..` resolved), so two spellings of one folder compare equal.
pub fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // Canonicalize the longest existing ancestor, keep the rest as written.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|s| s.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for r in rest.into_iter().rev() {
        if r == ".." {
            out.pop();
        } else if r != "." {
            out.push(r);
        }
    }
    out
}

/// Why an output folder is refused ([`Refused::message`] words it in the
/// site's language).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// `/`.
    Root,
    /// The home directory.
    Home,
    /// The content directory itself.
    IsContent,
    /// A folder inside the content directory.
    InsideContent,
    /// A parent of the content directory.
    ParentOfContent,
    /// A file, not a folder.
    IsFile,
    /// A non-empty folder wuye did not create (without `--force`).
    Foreign,
}

impl Refused {
    /// Why the folder is refused, in the site's language.
    pub fn message(self, l: crate::i18n::Lang, output: &str) -> String {
        use Refused::*;
        match self {
            Root => tr!(
                l,
                "不能把网站写到根目录 /（可用 --output output）",
                "refusing to write the site into / (choose e.g. --output output)"
            ),
            Home => tr!(
                l,
                "不能把网站写到用户主目录（可用 --output output）",
                "refusing to write the site into the home directory (choose e.g. --output output)"
            ),
            IsContent => tr!(l, "不能把网站写到内容目录本身", "refusing to write the site into the content directory"),
            InsideContent => {
                tr!(l, "不能把网站写到内容目录里面", "refusing to write the site inside the content directory")
            }
            ParentOfContent => tr!(
                l,
                "不能把网站写到内容目录的上级目录",
                "refusing to write the site into a parent of the content directory"
            ),
            IsFile => tr!(l, "{output} 是文件，不是文件夹", "{output} is a file, not a directory"),
            Foreign => tr!(
                l,
                "{output} 不是空文件夹，也不是 wuye 创建的：请换一个 --output，或加 --force 接管它（只替换其中的 public/ 和 internal/）",
                "{output} is not empty and was not created by wuye: choose another --output, or pass --force to adopt it (only public/ and internal/ inside it are replaced)"
            ),
        }
    }
}

/// Refuses an output directory that would destroy something not ours.
///
/// Refused: the content directory, a folder inside it, a parent of it, `/`,
/// the home directory, and a non-empty folder without our marker (unless
/// `force`). A missing folder, or one holding only dotfiles, is fine.
pub fn check_output_dir(output: &Path, content: &Path, force: bool) -> Result<(), Refused> {
    let out = absolute(output);
    let content = absolute(content);
    if out.parent().is_none() {
        return Err(Refused::Root);
    }
    // USERPROFILE: the home directory on Windows.
    if ["HOME", "USERPROFILE"]
        .iter()
        .filter_map(std::env::var_os)
        .any(|home| !home.is_empty() && absolute(Path::new(&home)) == out)
    {
        return Err(Refused::Home);
    }
    if out == content {
        return Err(Refused::IsContent);
    }
    if out.starts_with(&content) {
        return Err(Refused::InsideContent);
    }
    if content.starts_with(&out) {
        return Err(Refused::ParentOfContent);
    }
    if out.is_file() {
        return Err(Refused::IsFile);
    }
    if out.is_dir() && !out.join(MARKER).exists() && !force {
        let foreign = fs::read_dir(&out)
            .map(|rd| rd.flatten().any(|e| !e.file_name().to_string_lossy().starts_with('.')))
            .unwrap_or(true);
        if foreign {
            return Err(Refused::Foreign);
        }
    }
    Ok(())
}

fn tmp_prefix(out: &Path) -> String {
    format!(
        ".{}.wuye-tmp-",
        out.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "output".into())
    )
}

/// Removes temporaries left by builds that were killed (their process is
/// gone), after putting back any site a killed build had renamed aside.
pub fn remove_stale_temporaries(output: &Path) {
    let out = absolute(output);
    repair_interrupted_swaps(&out);
    let Some(parent) = out.parent() else { return };
    let prefix = tmp_prefix(&out);
    let Ok(rd) = fs::read_dir(parent) else { return };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(pid) = name.strip_prefix(&prefix).and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && build_running(&e.path(), pid) {
            continue; // a build still running
        }
        let _ = fs::remove_dir_all(e.path());
    }
}

/// The file each build keeps locked inside its temporary folder while it runs.
const LOCK: &str = ".lock";

/// Whether the build that owns temporary folder `tmp` still runs: Linux asks
/// `/proc`, which also covers temporaries of builds that predate the lock file.
#[cfg(target_os = "linux")]
fn build_running(tmp: &Path, pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists() && lock_held(tmp)
}

/// Whether the build that owns temporary folder `tmp` still runs: its lock
/// file is locked (process ids are reused, locks die with their process).
#[cfg(not(target_os = "linux"))]
fn build_running(tmp: &Path, _pid: u32) -> bool {
    lock_held(tmp)
}

/// Whether another process holds the lock of temporary folder `tmp`. A
/// folder without a lock file (an older wuye) counts as held: `/proc` decides.
fn lock_held(tmp: &Path) -> bool {
    match fs::OpenOptions::new().read(true).write(true).open(tmp.join(LOCK)) {
        Ok(f) => matches!(f.try_lock(), Err(fs::TryLockError::WouldBlock)),
        Err(e) => e.kind() != io::ErrorKind::NotFound || cfg!(target_os = "linux"),
    }
}

/// Where a site waits while a two-step swap replaces it.
fn aside_path(out: &Path, site: &str) -> PathBuf {
    out.join(format!(".{site}.wuye-old"))
}

/// Completes or undoes a two-step swap that a killed build interrupted.
///
/// Killed after the old tree went aside and before the new one came in: the
/// site is missing, so the old tree goes back. Killed after the new one came
/// in: the old tree aside is garbage and is removed.
pub fn repair_interrupted_swaps(out: &Path) {
    for site in SITES {
        repair_interrupted_swaps_of(out, site);
    }
}

/// [`repair_interrupted_swaps`] for the one folder `dir/site`.
fn repair_interrupted_swaps_of(dir: &Path, site: &str) {
    let aside = aside_path(dir, site);
    if aside.symlink_metadata().is_err() {
        return;
    }
    let dest = dir.join(site);
    if dest.symlink_metadata().is_err() {
        let _ = fs::rename(&aside, &dest);
    } else {
        let _ = fs::remove_dir_all(&aside);
    }
}

/// `rel` ('/'-separated) under `root`, one component at a time: Windows
/// takes no '/' inside a verbatim (`\\?\`) path such as `canonicalize` returns.
fn join_rel(root: &Path, rel: &str) -> PathBuf {
    let mut p = root.to_path_buf();
    p.extend(rel.split('/').filter(|c| !c.is_empty()));
    p
}

/// A page path's folder and file name.
fn split_dir(p: &str) -> (&str, &str) {
    p.rsplit_once('/').unwrap_or(("", p))
}

/// Creates one site's files under `root`, making each folder the first time
/// a page needs it (pages may arrive from several threads in any order).
struct TreeWriter {
    root: PathBuf,
    /// The site this tree replaces, if any (see [`TreeWriter::put`]).
    previous: Option<PathBuf>,
    /// Folders made so far ('/'-separated, relative to `root`), with a handle
    /// on each that holds more than one page (Linux).
    folders: std::sync::Mutex<std::collections::HashMap<String, Folder>>,
}

/// On Linux, the second and later files of a folder are created relative to
/// an open handle on it (`openat`), so the kernel does not walk the whole
/// path again for each of ten thousand notices; a folder of one page (each
/// page of a list has its own) is not worth opening and closing a handle.
#[cfg(target_os = "linux")]
type Folder = Option<std::sync::Arc<rustix::fd::OwnedFd>>;
/// Elsewhere files are created by their whole path.
#[cfg(not(target_os = "linux"))]
#[derive(Clone, Default)]
struct Folder;

impl TreeWriter {
    fn new(root: PathBuf, previous: Option<PathBuf>) -> TreeWriter {
        TreeWriter { root, previous, folders: Default::default() }
    }

    /// Writes `pages` (see [`TreeWriter::put`]).
    fn put_all(&self, pages: &[Page]) -> io::Result<()> {
        pages.par_iter().try_for_each(|p| self.put(p))
    }

    /// Writes one page. A page whose bytes equal the file at the same path
    /// in `previous` (the site being replaced) is hard-linked instead of
    /// written: a warm build then creates no new inodes or data, and
    /// unchanged files keep their modification time (so a deploy by rsync
    /// sends only changes).
    fn put(&self, p: &Page) -> io::Result<()> {
        let folder = self.folder(&p.path)?;
        if let Some(old) = self.previous.as_deref().map(|prev| join_rel(prev, &p.path))
            && fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == p.bytes.len() as u64)
            && fs::read(&old).is_ok_and(|b| b == p.bytes)
            && fs::hard_link(&old, join_rel(&self.root, &p.path)).is_ok()
        {
            return Ok(());
        }
        self.write_in(folder, p)
    }

    /// The folder of page path `p`, made (with its parents) if it is new.
    fn folder(&self, p: &str) -> io::Result<Folder> {
        let dir = split_dir(p).0;
        let folders = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
        let known = folders().get(dir).cloned();
        match known {
            #[cfg(target_os = "linux")]
            Some(None) => {
                // The folder's second page: open a handle for it and the rest.
                use rustix::fs::{Mode, OFlags, open};
                let flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC;
                let fd = std::sync::Arc::new(open(join_rel(&self.root, dir), flags, Mode::empty())?);
                Ok(Some(folders().entry(dir.to_string()).or_default().get_or_insert(fd).clone()))
            }
            Some(f) => Ok(f),
            None => {
                // Made outside the lock, so both threads make new folders at
                // once (a list's every page has its own); `create_dir_all`
                // takes a folder another thread made first.
                fs::create_dir_all(join_rel(&self.root, dir))?;
                folders().entry(dir.to_string()).or_default();
                Ok(Default::default())
            }
        }
    }

    /// Writes page `p` into its `folder` (from [`TreeWriter::folder`]).
    #[cfg(target_os = "linux")]
    fn write_in(&self, folder: Folder, p: &Page) -> io::Result<()> {
        use rustix::fs::{Mode, OFlags, openat};
        let Some(dirfd) = folder else {
            return fs::write(join_rel(&self.root, &p.path), &p.bytes);
        };
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
        let fd = openat(&*dirfd, split_dir(&p.path).1, flags, Mode::from_bits_truncate(0o644))?;
        io::Write::write_all(&mut fs::File::from(fd), &p.bytes)
    }

    /// Writes page `p` into its `folder` (from [`TreeWriter::folder`]).
    #[cfg(not(target_os = "linux"))]
    fn write_in(&self, _folder: Folder, p: &Page) -> io::Result<()> {
        fs::write(join_rel(&self.root, &p.path), &p.bytes)
    }
}

/// Writes both sites beside the output, then swaps each in atomically.
pub fn write_site(output: &Path, rendered: &Rendered) -> io::Result<()> {
    Stage::open(output)?.finish(rendered)
}

/// The two sites of a build being written beside the output: pages go in
/// as they are rendered ([`Stage::put`], on any thread) or all at once
/// ([`Stage::finish`]), which then swaps the trees in. Dropped without
/// finishing (an error, or the guard found personal data), it removes
/// everything it wrote: the output stays as it was.
///
/// Why pages may come in while others still render: a one-off build then
/// holds no page after writing it. At 10,000 notices the pages held for a
/// separate write phase were 130 MB, and on a VM every fresh MB costs
/// first-touch page zeroing (10-30% of the build's CPU in `perf`).
pub struct Stage {
    out: PathBuf,
    tmp: PathBuf,
    /// Held while the stage lives: tells other builds the folder is in use
    /// (closed before the folder is removed: Windows removes no open file).
    lock: Option<fs::File>,
    /// Public and internal.
    trees: [TreeWriter; 2],
    /// The first error of [`Stage::put`], returned by [`Stage::finish`].
    failed: std::sync::Mutex<Option<io::Error>>,
}

impl Stage {
    /// Makes this build's temporary folder beside `output` (after removing
    /// the temporaries of killed builds) with an empty tree per site.
    pub fn open(output: &Path) -> io::Result<Stage> {
        let out = absolute(output);
        remove_stale_temporaries(&out);
        let parent = out.parent().ok_or_else(|| io::Error::other("output has no parent"))?.to_path_buf();
        fs::create_dir_all(&parent)?;
        let (tmp, lock) = locked_temporary(&out, &parent)?;
        let tree = |site: &str| -> io::Result<TreeWriter> {
            Ok(TreeWriter::new(tree_root(&tmp, site)?, Some(out.join(site)).filter(|p| p.is_dir())))
        };
        let trees = match (tree("public"), tree("internal")) {
            (Ok(p), Ok(i)) => [p, i],
            (Err(e), _) | (_, Err(e)) => {
                let _ = fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        Ok(Stage { out, tmp, lock: Some(lock), trees, failed: Default::default() })
    }

    /// Writes one page of the public (`internal` false) or internal site now.
    /// An error is kept for [`Stage::finish`]; after one, pages are not written.
    pub fn put(&self, internal: bool, page: &Page) {
        let failed = || self.failed.lock().unwrap_or_else(|e| e.into_inner());
        if failed().is_some() {
            return;
        }
        if let Err(e) = self.trees[internal as usize].put(page) {
            failed().get_or_insert(e);
        }
    }

    /// Writes `rendered`'s pages (those not [`put`](Stage::put) already), the
    /// marker, and swaps both trees in; or says why a page could not be written.
    pub fn finish(self, rendered: &Rendered) -> io::Result<()> {
        if let Some(e) = self.failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        for (t, pages) in self.trees.iter().zip([&rendered.public, &rendered.internal]) {
            t.put_all(pages)?;
        }
        fs::create_dir_all(&self.out)?;
        fs::write(
            self.out.join(MARKER),
            "This directory is written by `wuye build`; public/ and internal/ are replaced on every build.\n",
        )?;
        for (site, t) in SITES.iter().zip(&self.trees) {
            swap_in(&t.root, &self.out.join(site), &aside_path(&self.out, site))?;
        }
        Ok(())
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        drop(self.lock.take());
        let _ = fs::remove_dir_all(&self.tmp);
    }
}

/// This build's own temporary folder beside `out` (named with its process id,
/// emptied if a dead build of the same pid left it), locked while the
/// returned file lives so other builds leave it alone, and placed away from
/// just-deleted trees (see [`spread_new_trees`]).
fn locked_temporary(out: &Path, parent: &Path) -> io::Result<(PathBuf, fs::File)> {
    let tmp = parent.join(format!("{}{}", tmp_prefix(out), std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir(&tmp)?;
    let lock = fs::File::create(tmp.join(LOCK))?;
    lock.lock()?;
    spread_new_trees(&tmp);
    Ok((tmp, lock))
}

/// Writes one site as the whole of `output` (the company site of `wuye
/// portfolio`): built beside it in a temporary directory of our own, then
/// swapped in atomically like [`write_site`]'s trees; the marker file is
/// part of the new tree, so the next run recognises the folder.
pub fn write_dir(output: &Path, pages: &[Page]) -> io::Result<()> {
    let out = absolute(output);
    let parent = out.parent().ok_or_else(|| io::Error::other("output has no parent"))?.to_path_buf();
    // The two-step swap's aside is a sibling here: `.<name>.wuye-old`.
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    repair_interrupted_swaps_of(&parent, &name);
    remove_stale_temporaries(&out);
    fs::create_dir_all(&parent)?;
    let (tmp, lock) = locked_temporary(&out, &parent)?;
    let result = (|| {
        let tree = TreeWriter::new(tree_root(&tmp, "site")?, Some(out.clone()).filter(|p| p.is_dir()));
        tree.put_all(pages)?;
        let root = tree.root;
        fs::write(root.join(MARKER), "This directory is written by `wuye portfolio`; it is replaced on every run.\n")?;
        swap_in(&root, &out, &aside_path(&parent, &name))
    })();
    drop(lock);
    let _ = fs::remove_dir_all(&tmp);
    result
}

/// Asks the filesystem to place the trees created under `tmp` away from the
/// folders around it (ext4's "top of a directory hierarchy" hint, `chattr +T`;
/// ignored where unsupported).
///
/// Why: a clean build usually follows `rm -rf output`. Without the hint, ext4
/// puts the new site in the same block group as the one just deleted, and on
/// a filesystem without a journal it then skips every recently deleted inode
/// one by one for each of thousands of new files: measured on this project's
/// 10,000-notice benchmark, 2–4 s of kernel time instead of 0.3 s. The hint
/// spreads a new folder by a hash of its name, so each build's trees get a
/// name of their own. The flag is not inherited and the folder is removed
/// after the swap, so nothing of it stays in the output.
#[cfg(target_os = "linux")]
fn spread_new_trees(tmp: &Path) {
    use rustix::fs::{IFlags, Mode, OFlags, ioctl_getflags, ioctl_setflags, open};
    if let Ok(fd) = open(tmp, OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
        && let Ok(flags) = ioctl_getflags(&fd)
    {
        let _ = ioctl_setflags(&fd, flags | IFlags::TOPDIR);
    }
}

/// Elsewhere there is no such hint to give.
#[cfg(not(target_os = "linux"))]
fn spread_new_trees(_tmp: &Path) {}

/// Creates the folder a new tree is written into, with a name of this
/// build's own (see [`spread_new_trees`]).
fn tree_root(tmp: &Path, site: &str) -> io::Result<PathBuf> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let dir = tmp.join(format!("{site}-{nanos:x}"));
    fs::create_dir(&dir)?;
    Ok(dir)
}

/// Puts `new` at `dest`; the old tree ends up at `new`'s path. Atomic on
/// Linux (exchange); elsewhere in two renames through `aside`.
#[cfg(target_os = "linux")]
fn swap_in(new: &Path, dest: &Path, aside: &Path) -> io::Result<()> {
    if dest.symlink_metadata().is_ok() {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, dest, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(()),
            // Filesystems without RENAME_EXCHANGE.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
                swap_by_renames(new, dest, aside)
            }
            Err(e) => Err(e.into()),
        }
    } else {
        fs::rename(new, dest)
    }
}

/// See the Linux version; here always in two renames.
#[cfg(not(target_os = "linux"))]
fn swap_in(new: &Path, dest: &Path, aside: &Path) -> io::Result<()> {
    swap_by_renames(new, dest, aside)
}

/// The portable swap: old tree aside, new tree in, old tree to `new`'s path
/// (removed with the build's temporaries). A kill between the renames is
/// repaired by [`repair_interrupted_swaps`].
fn swap_by_renames(new: &Path, dest: &Path, aside: &Path) -> io::Result<()> {
    if aside.symlink_metadata().is_ok() {
        fs::remove_dir_all(aside)?; // left by a swap the repair could not finish
    }
    if dest.symlink_metadata().is_err() {
        return fs::rename(new, dest);
    }
    fs::rename(dest, aside)?;
    if let Err(e) = fs::rename(new, dest) {
        let _ = fs::rename(aside, dest);
        return Err(e);
    }
    fs::rename(aside, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let t = tempfile::tempdir().unwrap();
        let content = t.path().join("content");
        fs::create_dir_all(&content).unwrap();
        assert!(check_output_dir(&content, &content, false).is_err());
        assert!(check_output_dir(&content.join("out"), &content, false).is_err());
        assert!(check_output_dir(t.path(), &content, false).is_err());
        assert!(check_output_dir(Path::new("/"), &content, true).is_err());
        assert!(check_output_dir(&t.path().join("output"), &content, false).is_ok());
        let foreign = t.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("index.html"), "mine").unwrap();
        assert!(check_output_dir(&foreign, &content, false).is_err());
        assert!(check_output_dir(&foreign, &content, true).is_ok());
        let dotted = t.path().join("dotted");
        fs::create_dir_all(&dotted).unwrap();
        fs::write(dotted.join(".git"), "x").unwrap();
        assert!(check_output_dir(&dotted, &content, false).is_ok());
    }

    #[test]
    fn swaps_and_keeps_foreign_files() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("output");
        let page = |p: &str, b: &str| Page { path: p.into(), bytes: b.as_bytes().to_vec() };
        let r1 = Rendered {
            public: vec![page("index.html", "one"), page("a/b.html", "x")],
            internal: vec![page("index.html", "i")],
            ..Default::default()
        };
        write_site(&out, &r1).unwrap();
        fs::write(out.join("CNAME"), "keep").unwrap();
        let r2 = Rendered { public: vec![page("index.html", "two")], internal: vec![], ..Default::default() };
        write_site(&out, &r2).unwrap();
        assert_eq!(fs::read_to_string(out.join("public/index.html")).unwrap(), "two");
        assert!(!out.join("public/a/b.html").exists());
        assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "keep");
        let leftovers: Vec<_> =
            fs::read_dir(t.path()).unwrap().flatten().filter(|e| e.file_name() != "output").collect();
        assert!(leftovers.is_empty());
    }

    /// The portable swap (Windows, macOS) killed between its two renames:
    /// the next build's start puts the old site back, the build then swaps
    /// the new one in, and nothing is left aside. Runs on every platform.
    #[test]
    fn interrupted_two_step_swap_is_repaired() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("output");
        let page = |p: &str, b: &str| Page { path: p.into(), bytes: b.as_bytes().to_vec() };
        let old = Rendered {
            public: vec![page("index.html", "old"), page("a/b.html", "x")],
            internal: vec![],
            ..Default::default()
        };
        write_site(&out, &old).unwrap();
        let aside = aside_path(&out, "public");
        // Killed after the first rename: public/ is missing, the old site is aside.
        fs::rename(out.join("public"), &aside).unwrap();
        remove_stale_temporaries(&out);
        assert_eq!(fs::read_to_string(out.join("public/index.html")).unwrap(), "old");
        assert_eq!(fs::read_to_string(out.join("public/a/b.html")).unwrap(), "x");
        assert!(!aside.exists());
        // Killed after the second rename: the new site is in, the old one still aside.
        fs::create_dir_all(aside.join("a")).unwrap();
        fs::write(aside.join("index.html"), "older").unwrap();
        let new = Rendered { public: vec![page("index.html", "new")], internal: vec![], ..Default::default() };
        write_site(&out, &new).unwrap();
        assert_eq!(fs::read_to_string(out.join("public/index.html")).unwrap(), "new");
        assert!(!aside.exists());
        // The two-step swap itself, as Windows and macOS run it.
        let staged = t.path().join("staged");
        fs::create_dir_all(&staged).unwrap();
        fs::write(staged.join("index.html"), "newest").unwrap();
        swap_by_renames(&staged, &out.join("public"), &aside).unwrap();
        assert_eq!(fs::read_to_string(out.join("public/index.html")).unwrap(), "newest");
        assert_eq!(fs::read_to_string(staged.join("index.html")).unwrap(), "new");
        assert!(!aside.exists());
    }

    /// A temporary folder whose lock is held belongs to a running build and
    /// stays; one whose build is gone is removed.
    #[test]
    fn stale_temporaries_go_running_ones_stay() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("output");
        // pid 1 runs on Linux (which also asks /proc); elsewhere only the lock counts.
        let running = t.path().join(format!("{}1", tmp_prefix(&out)));
        let dead = t.path().join(format!("{}{}", tmp_prefix(&out), u32::MAX - 7));
        for d in [&running, &dead] {
            fs::create_dir_all(d).unwrap();
            fs::write(d.join(LOCK), "").unwrap();
        }
        let held = fs::File::options().write(true).open(running.join(LOCK)).unwrap();
        held.lock().unwrap();
        // Another handle of this process: a lock taken through one handle blocks the others.
        assert!(lock_held(&running));
        assert!(!lock_held(&dead));
        remove_stale_temporaries(&out);
        assert!(!dead.exists());
        assert!(running.exists());
        drop(held);
    }

    #[test]
    #[cfg(unix)]
    fn unchanged_pages_are_linked_not_rewritten() {
        use std::os::unix::fs::MetadataExt;
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("output");
        let page = |p: &str, b: &str| Page { path: p.into(), bytes: b.as_bytes().to_vec() };
        let r1 = Rendered {
            public: vec![page("a.html", "same"), page("b.html", "old")],
            internal: vec![],
            ..Default::default()
        };
        write_site(&out, &r1).unwrap();
        let ino = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
        let (a, b) = (ino("public/a.html"), ino("public/b.html"));
        let r2 = Rendered {
            public: vec![page("a.html", "same"), page("b.html", "new!")],
            internal: vec![],
            ..Default::default()
        };
        write_site(&out, &r2).unwrap();
        assert_eq!(ino("public/a.html"), a, "unchanged page keeps its file");
        assert_ne!(ino("public/b.html"), b, "changed page is written anew");
        assert_eq!(fs::read_to_string(out.join("public/b.html")).unwrap(), "new!");
    }
}
