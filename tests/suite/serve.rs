//! `tebiki serve`: edits are served, broken edits keep the last good site,
//! requests outside the site are refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::Project;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(p: &Project) -> Server {
    connect(spawn(p))
}

/// `tebiki serve` on a free port, not yet answering.
fn spawn(p: &Project) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(["serve", "--port", "0", "--root"])
        .arg(p.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The server once it says its address (after its first build).
fn connect(mut child: Child) -> Server {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "serves on loopback only: {addr}"
    );
    Server { child, addr }
}

/// (status, body) of a GET with the raw path as given.
fn get(s: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `path` until `pred` holds; returns how long it took.
fn wait_for(s: &Server, path: &str, pred: impl Fn(&str) -> bool) -> Duration {
    let t = Instant::now();
    loop {
        let (_, body) = get(s, path);
        if pred(&body) {
            return t.elapsed();
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "{path} never showed the change:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn an_edit_is_served_and_a_broken_edit_keeps_the_last_good_page() {
    let p = Project::new();
    let s = start(&p);
    let (code, page) = get(&s, "/demo/intro.html");
    assert_eq!(code, 200);
    assert!(page.contains("問い合わせは"));
    assert!(
        page.contains("/__tebiki/status"),
        "no reload script in the served page"
    );

    p.write(
        "content/demo/intro.md",
        &crate::common::PAGE.replace("問い合わせは", "新しいお問い合わせは"),
    );
    let took = wait_for(&s, "/demo/intro.html", |b| {
        b.contains("新しいお問い合わせは")
    });
    eprintln!("edit served after {} ms", took.as_millis());

    // A broken region.yaml: the page stays as it was, the error is reported.
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace("  tel: 0594", "  tell: 0594"),
    );
    wait_for(&s, "/__tebiki/status", |b| b.contains("tell"));
    let (code, page) = get(&s, "/demo/intro.html");
    assert_eq!(code, 200);
    assert!(page.contains("新しいお問い合わせは"));
    let (_, status) = get(&s, "/__tebiki/status");
    assert!(status.contains("region.yaml:13:3"), "{status}");
}

#[test]
fn requests_outside_the_site_are_refused() {
    let p = Project::new();
    p.write("secret.txt", "秘密");
    let s = start(&p);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/demo/%2E%2E/%2e%2e/secret.txt",
        "//etc/passwd",
        "/..%5csecret.txt",
        "/../tebiki.yaml",
    ] {
        let (code, body) = get(&s, path);
        assert!(code == 403 || code == 404, "{path}: {code}");
        assert!(
            !body.contains("秘密") && !body.contains("title:"),
            "{path} leaked"
        );
    }
    assert_eq!(get(&s, "/index.html").0, 200);
}

#[test]
fn an_edit_saved_during_the_first_build_is_served_after_it() {
    let p = Project::new();
    // A form and a booklet to typeset: the first build takes a while.
    p.write(
        "forms/demo/apply.yaml",
        "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - field: {id: name, label: 氏名}\n",
    );
    let child = spawn(&p);
    // Saved after the pages were read, while the PDFs are being made.
    std::thread::sleep(Duration::from_millis(300));
    p.write(
        "content/demo/intro.md",
        &crate::common::PAGE.replace("問い合わせは", "途中で直したお問い合わせは"),
    );
    let s = connect(child);
    wait_for(&s, "/demo/intro.html", |b| {
        b.contains("途中で直したお問い合わせは")
    });
}
