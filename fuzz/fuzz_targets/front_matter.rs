//! Front matter splitting and decoding: any text gives a page or located
//! diagnostics, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tebiki::diag::Diagnostics;
use tebiki::source::file::SourceFile;
use tebiki::source::yaml::decode;

fuzz_target!(|data: &[u8]| {
    let diags = Diagnostics::new();
    let Some(file) = SourceFile::from_bytes(std::path::Path::new("p.md"), data.to_vec(), &diags) else { return };
    if let Some((yaml, _body, line)) = tebiki::source::split_front_matter(&file.text) {
        assert!(line >= 3);
        let fm = SourceFile { rel: file.rel.clone(), text: yaml.to_string() };
        let _ = decode::<tebiki::model::FrontMatter>(&fm, &diags);
    }
    for d in diags.sorted() {
        let _ = d.render(Some(&file.text));
    }
});
