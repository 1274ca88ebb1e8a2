//! The project as it was at a git revision, for the 改正履歴 and the
//! 新旧対照表: loaded once per distinct git ref by the loader and handed to
//! the renderers, which never read the repository themselves.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Site;
use crate::diag::Diagnostic;
use crate::wareki::Date;

/// One side of a comparison: a revision, or the working tree.
#[derive(Debug)]
pub struct Version {
    /// The ref as written (`r3-revision`), or 作業中の原稿 for the working tree.
    pub label: String,
    /// The date region.yaml gives the revision naming this ref, else the
    /// commit's date; none for the working tree.
    pub date: Option<Date>,
    pub site: Arc<Site>,
}

/// Every git ref named by a revision of the project, loaded (or why not).
pub type Versions = BTreeMap<String, Result<Arc<Version>, Vec<Diagnostic>>>;
