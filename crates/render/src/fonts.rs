//! Fonts: scanned once; the faces the documents use are parsed up front, others on first use.
//!
//! Scanning reads every font file in the given directories and records each face's
//! metadata in a typst `FontBook`. The faces of the two families the documents are set in
//! (Latin: Libertinus Serif, embedded; Chinese: Noto Serif CJK SC or the best other CJK
//! family) are parsed at once and their files stay in memory; any other face is parsed (and
//! its file read again) only if typst falls back to it. Regional variants of CJK collections (the JP, KR,
//! TC and HK faces of Noto/Source Han) are left out when the same collection has an SC face:
//! the documents are Simplified Chinese, and without them typst's fallback cannot pick
//! Japanese glyph shapes for Chinese text.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

use crate::RenderError;

/// Directories searched by [`Fonts::system`] after `GENDAN_FONT_DIR`.
const SYSTEM_DIRS: [&str; 2] = ["/usr/share/fonts", "/usr/local/share/fonts"];

/// Characters a CJK font must cover to be used for the Chinese text.
const CJK_PROBE: &str = "销售合同卖方买方苹果人民币";

/// Latin families the documents use, best first. Libertinus Serif is embedded (typst-assets),
/// so one is always there.
const LATIN_PREFERENCE: [&str; 3] = ["Libertinus Serif", "Liberation Serif", "DejaVu Serif"];

/// CJK families the documents use, best first; any other family covering
/// [`CJK_PROBE`] comes after these.
const CJK_PREFERENCE: [&str; 4] = [
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
];

/// The fonts a [`crate::Renderer`] typesets with. Load once and share.
pub struct Fonts {
    pub(crate) book: LazyHash<FontBook>,
    slots: Vec<FontSlot>,
    latin_family: String,
    cjk_family: String,
}

/// One face: where it comes from and, once parsed, the font.
struct FontSlot {
    source: FaceSource,
    index: u32,
    font: OnceLock<Option<Font>>,
}

enum FaceSource {
    /// Compiled into the binary (typst-assets).
    Embedded(&'static [u8]),
    /// A file, read when its first face is needed and shared by its faces.
    File(Arc<FontFile>),
}

struct FontFile {
    path: PathBuf,
    data: OnceLock<Option<Bytes>>,
}

impl FontFile {
    fn bytes(&self) -> Option<Bytes> {
        self.data
            .get_or_init(|| std::fs::read(&self.path).ok().map(Bytes::new))
            .clone()
    }
}

impl Fonts {
    /// Scans the directories (recursively) for `.ttf`, `.otf`, `.ttc` and `.otc` files and adds
    /// typst's embedded fonts. Fails when a directory cannot be read or when no font covers
    /// Chinese.
    pub fn from_dirs(dirs: &[PathBuf]) -> Result<Fonts, RenderError> {
        let mut files = Vec::new();
        for dir in dirs {
            collect_font_files(dir, &mut files).map_err(|source| RenderError::FontDir {
                path: dir.clone(),
                source,
            })?;
        }
        Self::from_files(files, dirs)
    }

    /// Scans `GENDAN_FONT_DIR` (when set; it must exist), then `/usr/share/fonts` and
    /// `/usr/local/share/fonts` (when they exist).
    pub fn system() -> Result<Fonts, RenderError> {
        let mut dirs = Vec::new();
        if let Some(dir) = std::env::var_os("GENDAN_FONT_DIR").filter(|d| !d.is_empty()) {
            dirs.push(PathBuf::from(dir));
        }
        dirs.extend(SYSTEM_DIRS.iter().map(PathBuf::from).filter(|dir| dir.is_dir()));
        Self::from_dirs(&dirs)
    }

    fn from_files(files: Vec<PathBuf>, searched: &[PathBuf]) -> Result<Fonts, RenderError> {
        let mut book = FontBook::new();
        let mut slots = Vec::new();

        for data in typst_assets::fonts() {
            for (index, info) in FontInfo::iter(data).enumerate() {
                book.push(info);
                slots.push(FontSlot {
                    source: FaceSource::Embedded(data),
                    index: index as u32,
                    font: OnceLock::new(),
                });
            }
        }

        // Bytes of each scanned file, kept until the families are chosen.
        let mut scanned: Vec<(Arc<FontFile>, Bytes)> = Vec::new();
        for path in files {
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            // Family names first (cheap); the full metadata, whose character coverage is
            // costly for a CJK face, only for the faces kept.
            let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
            let families: Vec<(u32, Option<String>)> = (0..count)
                .map(|index| (index, family_name(&data, index)))
                .collect();
            let has_sc = families
                .iter()
                .any(|(_, family)| family.as_deref().is_some_and(is_cjk_sc));
            let file = Arc::new(FontFile {
                path,
                data: OnceLock::new(),
            });
            let first_slot = slots.len();
            for (index, family) in families {
                if has_sc && family.as_deref().is_some_and(is_cjk_regional) {
                    continue;
                }
                let Some(info) = FontInfo::new(&data, index) else {
                    continue;
                };
                book.push(info);
                slots.push(FontSlot {
                    source: FaceSource::File(file.clone()),
                    index,
                    font: OnceLock::new(),
                });
            }
            // Only files that may hold a family the documents use are kept for now.
            let candidate = (first_slot..slots.len())
                .filter_map(|i| book.info(i))
                .any(|info| {
                    LATIN_PREFERENCE
                        .iter()
                        .chain(&CJK_PREFERENCE)
                        .any(|want| info.family.eq_ignore_ascii_case(want))
                        || covers_cjk(info)
                });
            if candidate {
                scanned.push((file, Bytes::new(data)));
            }
        }

        let infos: Vec<&FontInfo> = (0..slots.len()).filter_map(|i| book.info(i)).collect();
        let has_family = |want: &str, cjk: bool| {
            infos
                .iter()
                .any(|info| info.family.eq_ignore_ascii_case(want) && (!cjk || covers_cjk(info)))
        };
        let cjk_family = CJK_PREFERENCE
            .iter()
            .find(|want| has_family(want, true))
            .map(|f| f.to_string())
            .or_else(|| {
                infos
                    .iter()
                    .find(|info| covers_cjk(info))
                    .map(|info| info.family.clone())
            })
            .ok_or_else(|| RenderError::NoCjkFont {
                searched: searched
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let latin_family = LATIN_PREFERENCE
            .iter()
            .find(|want| has_family(want, false))
            .map(|f| f.to_string())
            .unwrap_or_else(|| cjk_family.clone());

        // Keep the bytes of the files that hold the chosen families (typst needs them for
        // every document) and parse those faces now, so the first render does not pay for it.
        let chosen: Vec<usize> = (0..slots.len())
            .filter(|&i| {
                book.info(i).is_some_and(|info| {
                    info.family.eq_ignore_ascii_case(&latin_family)
                        || info.family.eq_ignore_ascii_case(&cjk_family)
                })
            })
            .collect();
        for (file, data) in scanned {
            let needed = chosen.iter().any(|&i| match &slots[i].source {
                FaceSource::File(f) => Arc::ptr_eq(f, &file),
                FaceSource::Embedded(_) => false,
            });
            if needed {
                let _ = file.data.set(Some(data));
            }
        }
        let fonts = Fonts {
            book: LazyHash::new(book),
            slots,
            latin_family,
            cjk_family,
        };
        for i in chosen {
            fonts.font(i);
        }
        Ok(fonts)
    }

    /// The family used for Latin text.
    pub fn latin_family(&self) -> &str {
        &self.latin_family
    }

    /// The family used for Chinese text.
    pub fn cjk_family(&self) -> &str {
        &self.cjk_family
    }

    /// The family names known, sorted, each once (for diagnostics).
    pub fn families(&self) -> Vec<&str> {
        let mut families: Vec<&str> = (0..self.slots.len())
            .filter_map(|i| self.book.info(i))
            .map(|info| info.family.as_str())
            .collect();
        families.sort_unstable();
        families.dedup();
        families
    }

    /// Number of faces known (parsed or not).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether no face is known (never true for a successfully loaded `Fonts`).
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The face at `index` of the font book, parsed on first use.
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let data = match &slot.source {
                    FaceSource::Embedded(data) => Bytes::new(*data),
                    FaceSource::File(file) => file.bytes()?,
                };
                Font::new(data, slot.index)
            })
            .clone()
    }
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.slots.len())
            .field("latin_family", &self.latin_family)
            .field("cjk_family", &self.cjk_family)
            .finish()
    }
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    // Sorted, so the font book (and so the output) does not depend on directory order.
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // Unreadable subdirectories are skipped, not fatal.
            let _ = collect_font_files(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether the face can set the documents' Chinese.
fn covers_cjk(info: &FontInfo) -> bool {
    CJK_PROBE.chars().all(|c| info.coverage.contains(c as u32))
}

/// The family name (name ID 1) of a face, without computing anything else.
fn family_name(data: &[u8], index: u32) -> Option<String> {
    let face = ttf_parser::Face::parse(data, index).ok()?;
    let names: Vec<_> = face
        .names()
        .into_iter()
        .filter(|name| name.name_id == ttf_parser::name_id::FAMILY && name.is_unicode())
        .collect();
    // The English (United States) name when there is one, as typst does.
    names
        .iter()
        .filter(|name| name.language_id == 0x0409)
        .chain(&names)
        .find_map(|name| name.to_string())
}

/// `Noto Sans CJK SC`, `Source Han Serif SC Bold`.
fn is_cjk_sc(family: &str) -> bool {
    family.split_whitespace().any(|word| word == "SC")
}

/// `Noto Sans CJK JP`, `Noto Serif CJK TC Black`, `Source Han Sans K`: the Japanese, Korean and
/// Traditional Chinese faces of a pan-CJK collection.
fn is_cjk_regional(family: &str) -> bool {
    family
        .split_whitespace()
        .any(|word| matches!(word, "JP" | "KR" | "TC" | "HK" | "J" | "K"))
}
