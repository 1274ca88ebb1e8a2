//! `content/synonyms.yaml`: words the site search treats as one (format in
//! the file's header comment). Read by `source::synonyms`, folded into the
//! search's own table (`search::Table`) when the site is rendered.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    /// Each a line of words meaning the same, any way round.
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
    /// One way: from a reader's way of saying to the handbook's.
    #[serde(default)]
    pub phrases: Vec<SynonymPhrase>,
    #[serde(skip)]
    pub origin: super::Origin,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymPhrase {
    /// What a reader types (or begins to type).
    pub when: Vec<String>,
    /// The handbook's words; words of one entry separated by spaces must
    /// all stand on a page.
    pub also: Vec<String>,
}
