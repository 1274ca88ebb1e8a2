//! The site search, shared with the page script
//! (`themes/default/static/search.js`): the index is built here at build
//! time, and the same normalisation, tokens, synonym concepts and ranking
//! are here and in the script, so that what is indexed is what is looked
//! up and a test can rank without a browser (and compare the two).
//!
//! - [`normalize`]: NFKC, lower case, kana folded (`fold`).
//! - [`tokens`]: ASCII words, Japanese bigrams and single kanji.
//! - [`index`]: one region's documents and postings (`search/<region>.js`).
//! - [`synonyms`]: the synonym table, folded (`search/synonyms.js`).
//! - [`query`]: a question as concepts, terms and phrases.
//! - [`rank`]: BM25 over them.

pub mod index;
pub mod normalize;
pub mod query;
pub mod rank;
pub mod synonyms;
pub mod tokens;

pub use index::{Doc, Index, build};
pub use normalize::{fold, normalize};
pub use query::Query;
pub use rank::{Hit, rank};
pub use synonyms::Table;

/// The tokens the index holds for `s`.
pub fn tokens(s: &str) -> Vec<String> {
    tokens::index_tokens(&fold(s))
}

/// The results for the question `q` over `indexes` with `table`, best first.
pub fn search(indexes: &[Index], table: &Table, q: &str) -> Vec<Hit> {
    rank(indexes, &Query::parse(q, table))
}
