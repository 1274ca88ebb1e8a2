//! The site as every page's frame and the portal see it.

use serde::Serialize;

use crate::model::{Operator, Platform, Site};

/// The site's settings, as every page's frame shows them.
#[derive(Serialize)]
pub struct SiteHead<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub publisher: &'a str,
}

/// The site with its regions, for the portal and site-wide pages.
#[derive(Serialize)]
pub struct SiteView<'a> {
    #[serde(flatten)]
    pub head: SiteHead<'a>,
    pub regions: Vec<RegionCard<'a>>,
}

/// A region as the portal lists it.
#[derive(Serialize)]
pub struct RegionCard<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short: &'a str,
    pub reading: &'a str,
    pub summary: &'a str,
    pub area: &'a [String],
    pub operator: &'a Operator,
    pub platform: &'a Platform,
    pub url: String,
}

impl<'a> SiteHead<'a> {
    pub fn of(site: &'a Site) -> SiteHead<'a> {
        let c = &site.config;
        SiteHead {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            publisher: &c.publisher,
        }
    }
}

impl<'a> SiteView<'a> {
    pub fn of(site: &'a Site) -> SiteView<'a> {
        SiteView {
            head: SiteHead::of(site),
            regions: site
                .regions
                .iter()
                .map(|r| RegionCard {
                    id: &r.id,
                    name: &r.name,
                    short: r.short(),
                    reading: &r.reading,
                    summary: &r.summary,
                    area: &r.area,
                    operator: &r.operator,
                    platform: &r.platform,
                    url: format!("{}/index.html", r.id),
                })
                .collect(),
        }
    }
}
