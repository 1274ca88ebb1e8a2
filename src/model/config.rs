use serde::{Deserialize, Serialize};

/// The project's settings file; the folder holding it is the project root.
pub const CONFIG_FILE: &str = "tebiki.yaml";

/// `tebiki.yaml`: settings of the whole project.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Title of the portal page and of every page's header.
    pub title: String,
    /// Where the site is published, ending in `/` (used for the QR code and
    /// canonical links; every link inside the site is relative).
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    /// Folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Output folder, relative to the project root.
    #[serde(default = "default_output")]
    pub output: String,
    /// Who publishes the portal (shown in the footer).
    #[serde(default)]
    pub publisher: String,
}

fn default_theme() -> String {
    "default".into()
}

fn default_output() -> String {
    "output".into()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            base_url: String::new(),
            description: String::new(),
            theme: default_theme(),
            output: default_output(),
            publisher: String::new(),
        }
    }
}
