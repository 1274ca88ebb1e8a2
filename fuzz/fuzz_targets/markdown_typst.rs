//! Markdown -> Typst markup (the booklet): the markup always parses as
//! Typst and never holds code from the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let markup = tebiki::markup::typst::convert(text, 0);
    let root = typst_syntax::parse(&markup);
    let (errors, _) = root.errors_and_warnings();
    assert!(errors.is_empty(), "converter made invalid Typst: {markup:?} from {text:?}");
});
