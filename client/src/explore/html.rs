//! The frame every page shares (header, search, block banner, time travel) and small pieces
//! of markup. maud escapes every value, so chain data (names, URIs) is shown as text.

use maud::{html, Markup, PreEscaped, DOCTYPE};
use subxt::utils::H256;

use crate::AccountId;

/// The block a page shows.
#[derive(Clone, Debug)]
pub(crate) struct Shown {
	pub number: u64,
	pub hash: H256,
	/// `None` when it cannot be told (light mode, beyond the header walk).
	pub finalized: Option<bool>,
	/// The latest finalized block's number.
	pub head: u64,
	pub timestamp_ms: Option<u64>,
	pub light: bool,
	/// The path of the page (without its query): where "View at block" goes.
	pub path: String,
}

/// What every page renders with: the block it shows and how its links keep that block.
pub(crate) struct Ctx {
	/// The `?at=` the visitor asked for (a number or a 0x hash), kept in every link.
	pub at: Option<String>,
	pub shown: Shown,
}

impl Ctx {
	/// A link to `path` at the block this page shows (or live, if the page is live).
	pub fn link(&self, path: &str) -> String {
		match &self.at {
			Some(at) => format!("{path}?at={at}"),
			None => path.to_string(),
		}
	}

	/// A link to `path` pinned to this page's block by hash: downloads and shared links.
	pub fn pinned(&self, path: &str) -> String {
		format!("{path}?at={:?}", self.shown.hash)
	}

	pub fn model(&self, id: u64) -> Markup {
		html! { a href=(self.link(&format!("/model/{id}"))) { "model " (id) } }
	}

	pub fn dataset(&self, id: u64) -> Markup {
		html! { a href=(self.link(&format!("/dataset/{id}"))) { "dataset " (id) } }
	}

	pub fn grant(&self, id: u64) -> Markup {
		html! { a href=(self.link(&format!("/grant/{id}"))) { "grant " (id) } }
	}

	pub fn account(&self, who: &AccountId) -> Markup {
		let ss58 = crate::client::ss58_of(who);
		html! { a.account href=(self.link(&format!("/account/{ss58}"))) title=(ss58) { (short(&ss58)) } }
	}

	/// A block number linked to the same page at that block.
	pub fn block(&self, path: &str, number: u64) -> Markup {
		html! { a href=(format!("{path}?at={number}")) { "#" (number) } }
	}
}

pub(crate) const FAVICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">\
<rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#1f4e79\"/>\
<path d=\"M4 12 L8 4 L12 12\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/></svg>";

/// A page: the site header with search, the block banner with time travel, then `body`.
pub(crate) fn layout(title: &str, path: &str, ctx: Option<&Ctx>, body: Markup) -> Markup {
	html! {
		(DOCTYPE)
		html lang="en" {
			head {
				meta charset="utf-8";
				meta name="viewport" content="width=device-width, initial-scale=1";
				title { (title) " · Provenance explorer" }
				link rel="stylesheet" href="/style.css";
				link rel="icon" href="/favicon.svg" type="image/svg+xml";
			}
			body {
				a.skip href="#content" { "Skip to content" }
				header.site {
					a.brand href=(ctx.map_or_else(|| "/".to_string(), |c| c.link("/"))) { "Provenance explorer" }
					form.search role="search" action="/search" method="get" {
						label for="q" { "Search" }
						input #q type="search" name="q" placeholder="model 2, dataset 0, grant 1, 0x… hash, 5F… account, name"
							autocomplete="off";
						@if let Some(at) = ctx.and_then(|c| c.at.as_ref()) {
							input type="hidden" name="at" value=(at);
						}
						button type="submit" { "Search" }
					}
				}
				@if let Some(ctx) = ctx { (banner(path, ctx)) }
				main #content {
					(body)
				}
				footer.site {
					p { "Read from the chain by the provenance CLI's explorer. Every page is server-rendered; no script runs." }
				}
			}
		}
	}
}

/// Which block the page shows, whether it is final, and a form to read another block.
fn banner(path: &str, ctx: &Ctx) -> Markup {
	let s = &ctx.shown;
	html! {
		section.banner aria-label="Block" {
			p #block data-number=(s.number) data-hash=(format!("{:?}", s.hash))
				data-finalized=(s.finalized.map_or("unknown", |f| if f { "true" } else { "false" })) {
				"Block " strong { "#" (s.number) } " "
				code.hash title=(format!("{:?}", s.hash)) { (short(&format!("{:?}", s.hash))) }
				" · "
				@match s.finalized {
					Some(true) => span.badge.ok { "finalized" },
					Some(false) => span.badge.warn { "not finalized" },
					None => span.badge.warn title="The light client can only check finality by walking back at most 4096 headers" { "finality unknown" },
				}
				@if let Some(ms) = s.timestamp_ms { " · " time { (utc(ms)) } }
				@if s.light { " · " span.badge.ok title="Every answer on this page was checked by proof against GRANDPA-finalized headers" { "verified by light client" } }
				@if ctx.at.is_some() {
					" · " a href=(path) { "latest (#" (s.head) ")" }
				} @else {
					" · latest finalized"
				}
			}
			form #at-form method="get" action=(path) {
				label for="at" { "View at block" }
				input #at name="at" type="text" inputmode="text" placeholder="number or 0x hash"
					value=(ctx.at.clone().unwrap_or_default());
				button type="submit" { "View" }
			}
		}
	}
}

/// The page for something that cannot be shown.
pub(crate) fn error_page(title: &str, message: &str, shown: Option<&Shown>) -> Markup {
	let body = html! {
		h1 { (title) }
		p.message { (message) }
		p { a href="/" { "Go to the explorer's home page" } }
	};
	match shown {
		Some(shown) => {
			let ctx = Ctx { at: Some(shown.number.to_string()), shown: shown.clone() };
			layout(title, &shown.path, Some(&ctx), body)
		},
		None => layout(title, "/", None, body),
	}
}

/// The first and last characters of a long hash or address.
pub(crate) fn short(text: &str) -> String {
	let chars: Vec<char> = text.chars().collect();
	if chars.len() <= 16 {
		return text.to_string();
	}
	let head: String = chars.iter().take(8).collect();
	let tail: String = chars.iter().skip(chars.len().saturating_sub(6)).collect();
	format!("{head}…{tail}")
}

/// A hash, shortened, with the whole of it as a tooltip and selectable.
pub(crate) fn hash(h: &H256) -> Markup {
	let full = format!("{h:?}");
	html! { code.hash title=(full) { (short(&full)) } }
}

/// A share in parts per billion as a percentage.
pub(crate) fn percent(ppb: u32) -> String {
	if ppb > 0 && ppb < 100_000 {
		return "<0.01%".into();
	}
	let hundredths = u64::from(ppb) / 100_000;
	let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
	let text = text.trim_end_matches('0').trim_end_matches('.');
	format!("{text}%")
}

/// A fixed-point value in millionths, as a decimal.
pub(crate) fn millionths(v: i64) -> String {
	let sign = if v < 0 { "-" } else { "" };
	let a = v.unsigned_abs();
	let frac = format!("{:06}", a % 1_000_000);
	let frac = frac.trim_end_matches('0');
	if frac.is_empty() {
		format!("{sign}{}", a / 1_000_000)
	} else {
		format!("{sign}{}.{frac}", a / 1_000_000)
	}
}

/// Planck as PROV.
pub(crate) fn prov(planck: &str) -> String {
	planck.parse::<crate::Balance>().map_or_else(|_| planck.to_string(), crate::cli::parse::prov)
}

/// Milliseconds since the Unix epoch as a UTC date and time.
pub(crate) fn utc(ms: u64) -> String {
	i64::try_from(ms).ok().and_then(chrono::DateTime::from_timestamp_millis).map_or_else(
		|| format!("{ms} ms after the epoch"),
		|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
	)
}

/// A note under a table that was cut at [`super::LIST_LIMIT`] rows.
pub(crate) fn more(more: bool, what: &str) -> Markup {
	html! {
		@if more {
			p.note { "Showing the first " (super::LIST_LIMIT) " " (what) "; the provenance CLI lists them all." }
		}
	}
}

/// SVG text for inline use in HTML: without the XML declaration.
pub(crate) fn inline_svg(svg: &str) -> Markup {
	let body =
		svg.strip_prefix("<?xml").map_or(svg, |rest| rest.split_once("?>").map_or(svg, |(_, s)| s));
	PreEscaped(body.trim_start().to_string())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn formats() {
		assert_eq!(percent(1_000_000_000), "100%");
		assert_eq!(percent(125_000_000), "12.5%");
		assert_eq!(percent(0), "0%");
		assert_eq!(percent(1), "<0.01%");
		assert_eq!(millionths(1_500_000), "1.5");
		assert_eq!(millionths(-250_000), "-0.25");
		assert_eq!(millionths(3_000_000), "3");
		assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
		assert_eq!(utc(1_795_651_200_000), "2026-11-26 00:00:00 UTC");
		assert_eq!(utc(951_782_400_000 + 3_723_000), "2000-02-29 01:02:03 UTC");
		assert_eq!(short("0x0123456789abcdef0123"), "0x012345…ef0123");
	}

	#[test]
	fn chain_text_is_escaped() {
		let ctx = Ctx {
			at: None,
			shown: Shown {
				number: 1,
				hash: H256::zero(),
				finalized: Some(true),
				head: 1,
				timestamp_ms: None,
				light: false,
				path: "/".into(),
			},
		};
		let page = layout(
			"t",
			"/",
			Some(&ctx),
			html! { p { ("<script>alert(1)</script>\"><img src=x onerror=alert(2)>") } },
		)
		.into_string();
		assert!(!page.contains("<script>alert"), "{page}");
		assert!(!page.contains("<img src=x"), "{page}");
		assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
	}
}
