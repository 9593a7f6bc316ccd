//! `provenance explore`: the lineage explorer, a small web server that renders the chain as
//! HTML pages for auditors and data owners. It reads through the same [`Client`] as the CLI
//! (so it also runs over the embedded light client), renders on the server with no
//! JavaScript, and serves every asset itself: it works offline.
//!
//! URLs are stable and shareable: `/model/<id>`, `/dataset/<id>`, `/grant/<id>`,
//! `/account/<ss58>`, each with `?at=<number|0xhash>` to read an earlier block. Exports are
//! at `/model/<id>/export/<file>`.

mod html;
mod pages;

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::{Context, Result};
use axum::{
	extract::{rejection::QueryRejection, Path, Query, State},
	http::{header, HeaderValue, StatusCode},
	response::{IntoResponse, Redirect, Response},
	routing::get,
	Router,
};
use maud::Markup;
use serde::Deserialize;
use subxt::utils::H256;
use tokio::sync::Semaphore;

use crate::{client::Mode, BlockSpec, Client};

/// How the explorer runs.
#[derive(Clone, Debug)]
pub struct Options {
	/// Where to listen. Port 0 picks a free port; the address is printed once bound.
	pub listen: SocketAddr,
	/// How many pages are rendered at once; more requests wait (up to [`QUEUE_WAIT`]).
	pub concurrency: usize,
	/// The longest a page may take before the visitor gets a "took too long" page.
	pub page_timeout: Duration,
}

/// How long a request waits for a rendering slot before it is told the explorer is busy.
pub const QUEUE_WAIT: Duration = Duration::from_secs(15);
/// The most records a page lists in one table, and the most storage records a scan (an
/// account's datasets and models, a search by name) reads: every page's work is bounded.
pub const LIST_LIMIT: usize = 200;
pub const SCAN_LIMIT: usize = 10_000;
/// How many hops of descendants a page lists (the runtime's bound per query); a longer list
/// ends with the models it continues from. Ancestry and exports are read whole.
pub const DEPTH: u32 = 32;

pub(crate) struct Explorer {
	client: Client,
	permits: Semaphore,
	page_timeout: Duration,
}

/// Serves the explorer until Ctrl-C (or SIGTERM).
pub async fn serve(client: Client, options: Options) -> Result<()> {
	let listener = tokio::net::TcpListener::bind(options.listen)
		.await
		.with_context(|| format!("cannot listen on {}", options.listen))?;
	let addr = listener.local_addr().context("cannot read the listening address")?;
	let source = match client.mode() {
		Mode::Rpc => "a node over JSON-RPC",
		Mode::Light => "the embedded light client (answers checked by proof)",
	};
	eprintln!("explorer listening on http://{addr}/ reading {source}; Ctrl-C stops it");
	let state = Arc::new(Explorer {
		client,
		permits: Semaphore::new(options.concurrency.max(1)),
		page_timeout: options.page_timeout,
	});
	let app: Router = Router::new()
		.route("/", get(home))
		.route("/search", get(search))
		.route("/model/{id}", get(model))
		.route("/model/{id}/export/{file}", get(export))
		.route("/dataset/{id}", get(dataset))
		.route("/grant/{id}", get(grant))
		.route("/account/{account}", get(account))
		.route("/style.css", get(style))
		.route("/favicon.svg", get(favicon))
		.fallback(unknown_path)
		.with_state(state);
	accept(listener, app).await
}

/// The most connections served at once; more wait in the kernel's accept queue.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send a request's headers (also while a kept-alive
/// connection sits idle): a slow or silent client cannot hold a connection open.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest one connection lives, whatever it does.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(300);

/// Serves HTTP/1.1 on `listener` until Ctrl-C or SIGTERM. hyper directly rather than
/// `axum::serve`, which reads headers without a deadline.
async fn accept(listener: tokio::net::TcpListener, app: Router) -> Result<()> {
	use hyper_util::rt::{TokioIo, TokioTimer};
	let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
	let stop = shutdown();
	tokio::pin!(stop);
	loop {
		let permit = tokio::select! {
			_ = &mut stop => return Ok(()),
			permit = connections.clone().acquire_owned() => permit.context("the connection limit closed")?,
		};
		let (stream, _) = tokio::select! {
			_ = &mut stop => return Ok(()),
			accepted = listener.accept() => match accepted {
				Ok(accepted) => accepted,
				// Out of descriptors or a connection reset before accept: keep serving.
				Err(_) => {
					tokio::time::sleep(Duration::from_millis(50)).await;
					continue;
				},
			},
		};
		let _ = stream.set_nodelay(true);
		let service = hyper_util::service::TowerToHyperService::new(app.clone());
		tokio::spawn(async move {
			let connection = hyper::server::conn::http1::Builder::new()
				.timer(TokioTimer::new())
				.header_read_timeout(HEADER_TIMEOUT)
				.serve_connection(TokioIo::new(stream), service);
			let _ = tokio::time::timeout(CONNECTION_LIFETIME, connection).await;
			drop(permit);
		});
	}
}

async fn shutdown() {
	let ctrl_c = async {
		let _ = tokio::signal::ctrl_c().await;
	};
	#[cfg(unix)]
	let term = async {
		match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
			Ok(mut s) => {
				s.recv().await;
			},
			Err(_) => std::future::pending::<()>().await,
		}
	};
	#[cfg(not(unix))]
	let term = std::future::pending::<()>();
	tokio::select! {
		_ = ctrl_c => {},
		_ = term => {},
	}
}

/// The query parameters any page takes.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Params {
	/// The block to read: a number or a 0x hash.
	pub at: Option<String>,
	/// The royalty calculator's amount.
	pub amount: Option<String>,
	/// The search text.
	pub q: Option<String>,
}

type Q = Result<Query<Params>, QueryRejection>;

/// Why a page could not be shown, and what the visitor is told.
#[derive(Debug)]
pub(crate) enum PageError {
	/// 404: the id, account or block does not exist (at the block shown, if one is known).
	NotFound { message: String, shown: Option<html::Shown> },
	/// 400: the URL is malformed.
	BadRequest(String),
	/// 502: the chain (node or light client) failed to answer.
	Chain(anyhow::Error),
	/// 503: every rendering slot stayed taken.
	Busy,
	/// 504: the page took longer than the explorer allows.
	Timeout,
}

impl From<anyhow::Error> for PageError {
	fn from(e: anyhow::Error) -> Self {
		PageError::Chain(e)
	}
}

impl IntoResponse for PageError {
	fn into_response(self) -> Response {
		let (status, title, message, shown) = match self {
			PageError::NotFound { message, shown } => {
				(StatusCode::NOT_FOUND, "Not found", message, shown)
			},
			PageError::BadRequest(message) => {
				(StatusCode::BAD_REQUEST, "Bad request", message, None)
			},
			PageError::Chain(e) => (
				StatusCode::BAD_GATEWAY,
				"The chain did not answer",
				format!("{e:#}. Try again, or check that the node (or light client) is running."),
				None,
			),
			PageError::Busy => (
				StatusCode::SERVICE_UNAVAILABLE,
				"Busy",
				"The explorer is rendering as many pages as it allows at once. Try again in a few \
				 seconds."
					.to_string(),
				None,
			),
			PageError::Timeout => (
				StatusCode::GATEWAY_TIMEOUT,
				"Took too long",
				"This page took longer to read from the chain than the explorer allows. Try again, \
				 or use the provenance CLI for very large lineages."
					.to_string(),
				None,
			),
		};
		page(status, html::error_page(title, &message, shown.as_ref()))
	}
}

/// An HTML response with the explorer's headers: no script may run, nothing is fetched from
/// elsewhere, and the page cannot be framed.
fn page(status: StatusCode, body: Markup) -> Response {
	let mut response = (status, body).into_response();
	let headers = response.headers_mut();
	headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
	secure(headers);
	response
}

fn secure(headers: &mut axum::http::HeaderMap) {
	headers.insert(
		header::CONTENT_SECURITY_POLICY,
		HeaderValue::from_static(
			"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
			 base-uri 'none'; frame-ancestors 'none'",
		),
	);
	headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
	headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
	headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

impl Explorer {
	/// Runs one page's work in a rendering slot, within the page timeout.
	async fn guarded<F>(&self, work: F) -> Response
	where
		F: Future<Output = Result<Response, PageError>>,
	{
		let Ok(Ok(_permit)) = tokio::time::timeout(QUEUE_WAIT, self.permits.acquire()).await else {
			return PageError::Busy.into_response();
		};
		match tokio::time::timeout(self.page_timeout, work).await {
			Ok(Ok(response)) => response,
			Ok(Err(e)) => e.into_response(),
			Err(_) => PageError::Timeout.into_response(),
		}
	}

	/// The block a page reads, from its `?at=`: the latest finalized block without one.
	async fn open(
		&self,
		params: &Params,
		path: &str,
	) -> Result<(crate::AtBlock, html::Ctx), PageError> {
		let spec = match params.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
			None => None,
			Some(text) => Some(text.parse::<BlockSpec>().map_err(|e| {
				PageError::BadRequest(format!(
					"?at= names a block by its number or its 0x hash: {e}"
				))
			})?),
		};
		let finalized = self.client.at(None).await?;
		let head = finalized.number();
		let light = self.client.mode() == Mode::Light;
		let at = match &spec {
			None => finalized,
			Some(BlockSpec::Number(n)) if *n > head => {
				let best = self.client.best_number().await?;
				if *n > best || light {
					return Err(PageError::NotFound {
						message: if light {
							format!(
								"Block #{n} is not finalized yet: the light client reads finalized \
								 blocks only, and its latest is #{head}."
							)
						} else {
							format!(
								"There is no block #{n} yet: the chain's best block is #{best} and \
								 its latest finalized block is #{head}."
							)
						},
						shown: None,
					});
				}
				self.client.at(spec.as_ref()).await?
			},
			Some(s @ BlockSpec::Hash(h)) => match self.client.at(Some(s)).await {
				Ok(at) => at,
				// Only a header the node does not have is "not found"; anything else (a
				// timeout, pruned state, a peer that did not answer) is the chain failing.
				Err(e) => {
					return Err(match self.client.has_header(*h).await {
						Ok(false) => PageError::NotFound {
							message: format!("This chain has no block {s}."),
							shown: None,
						},
						_ => PageError::Chain(e),
					})
				},
			},
			Some(s) => self.client.at(Some(s)).await?,
		};
		// A hash may name a block on an abandoned fork: final only if the finalized chain has
		// that very block at that height. When that cannot be checked (light mode, a block
		// beyond its walk), say so rather than guess.
		let finalized = match &spec {
			_ if at.number() > head => Some(false),
			Some(BlockSpec::Hash(h)) => {
				match self.client.at(Some(&BlockSpec::Number(at.number()))).await {
					Ok(canonical) => Some(canonical.hash() == *h),
					Err(_) => None,
				}
			},
			_ => Some(true),
		};
		let shown = html::Shown {
			number: at.number(),
			hash: at.hash(),
			finalized,
			head,
			timestamp_ms: at.timestamp().await.ok(),
			light,
			path: path.to_string(),
		};
		let ctx = html::Ctx { at: spec.map(|s| spec_param(&s)), shown };
		Ok((at, ctx))
	}
}

/// A block spec as it goes back into a URL: digits or `0x` and hex, nothing to escape.
fn spec_param(spec: &BlockSpec) -> String {
	match spec {
		BlockSpec::Number(n) => n.to_string(),
		BlockSpec::Hash(h) => format!("{h:?}"),
	}
}

fn params(q: Q) -> Result<Params, PageError> {
	q.map(|Query(p)| p)
		.map_err(|e| PageError::BadRequest(format!("The query string is malformed: {e}.")))
}

/// An id from a path: `/model/<id>`.
fn id(kind: &str, text: &str) -> Result<u64, PageError> {
	text.parse().map_err(|_| {
		PageError::BadRequest(format!(
			"{text:?} is not a {kind} id: {kind} ids are whole numbers (/{kind}/0, /{kind}/1, …)."
		))
	})
}

async fn home(State(ex): State<Arc<Explorer>>, q: Q) -> Response {
	ex.clone()
		.guarded(async move {
			let p = params(q)?;
			let (at, ctx) = ex.open(&p, "/").await?;
			Ok(page(StatusCode::OK, pages::home(&at, &ctx).await?))
		})
		.await
}

async fn search(State(ex): State<Arc<Explorer>>, q: Q) -> Response {
	ex.clone()
		.guarded(async move {
			let p = params(q)?;
			let (at, ctx) = ex.open(&p, "/search").await?;
			let text = p.q.unwrap_or_default();
			match pages::search(&at, &ctx, &text).await? {
				pages::Found::One(path) => Ok(Redirect::to(&path).into_response()),
				pages::Found::Many(body) => Ok(page(StatusCode::OK, body)),
				pages::Found::None(message) => {
					Err(PageError::NotFound { message, shown: Some(ctx.shown) })
				},
			}
		})
		.await
}

async fn model(State(ex): State<Arc<Explorer>>, Path(raw): Path<String>, q: Q) -> Response {
	ex.clone()
		.guarded(async move {
			let id = id("model", &raw)?;
			let p = params(q)?;
			let (at, ctx) = ex.open(&p, &format!("/model/{id}")).await?;
			let body = pages::model(&at, &ctx, id, p.amount.as_deref()).await?;
			Ok(page(StatusCode::OK, body))
		})
		.await
}

async fn dataset(State(ex): State<Arc<Explorer>>, Path(raw): Path<String>, q: Q) -> Response {
	ex.clone()
		.guarded(async move {
			let id = id("dataset", &raw)?;
			let p = params(q)?;
			let (at, ctx) = ex.open(&p, &format!("/dataset/{id}")).await?;
			Ok(page(StatusCode::OK, pages::dataset(&at, &ctx, id).await?))
		})
		.await
}

async fn grant(State(ex): State<Arc<Explorer>>, Path(raw): Path<String>, q: Q) -> Response {
	ex.clone()
		.guarded(async move {
			let id = id("grant", &raw)?;
			let p = params(q)?;
			let (at, ctx) = ex.open(&p, &format!("/grant/{id}")).await?;
			Ok(page(StatusCode::OK, pages::grant(&at, &ctx, id).await?))
		})
		.await
}

async fn account(State(ex): State<Arc<Explorer>>, Path(raw): Path<String>, q: Q) -> Response {
	ex.clone()
		.guarded(async move {
			let who: crate::AccountId = match parse_hash(&raw) {
				Some(bytes) => bytes.0.into(),
				None => crate::cli::parse::account(&raw)
					.map_err(|_| {
						PageError::BadRequest(format!(
							"{raw:?} is not an account: give its SS58 address (5F…) or its public \
							 key as 0x and 64 hex digits."
						))
					})?
					.0
					.into(),
			};
			let p = params(q)?;
			let path = format!("/account/{}", crate::client::ss58_of(&who));
			let (at, ctx) = ex.open(&p, &path).await?;
			Ok(page(StatusCode::OK, pages::account(&at, &ctx, &who).await?))
		})
		.await
}

/// The files a model page offers for download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Export {
	Prov,
	Spdx,
	CycloneDx,
	Svg,
}

impl Export {
	pub(crate) const ALL: [Export; 4] =
		[Export::Prov, Export::Spdx, Export::CycloneDx, Export::Svg];

	pub(crate) fn file(self) -> &'static str {
		match self {
			Export::Prov => "prov.json",
			Export::Spdx => "spdx.json",
			Export::CycloneDx => "cyclonedx.json",
			Export::Svg => "lineage.svg",
		}
	}

	fn from_file(file: &str) -> Option<Self> {
		Export::ALL.into_iter().find(|e| e.file() == file)
	}
}

async fn export(
	State(ex): State<Arc<Explorer>>,
	Path((raw, file)): Path<(String, String)>,
	q: Q,
) -> Response {
	ex.clone()
		.guarded(async move {
			let id = id("model", &raw)?;
			let Some(format) = Export::from_file(&file) else {
				return Err(PageError::NotFound {
					message: format!(
						"There is no export {file:?}: a model's exports are {}.",
						Export::ALL.map(Export::file).join(", ")
					),
					shown: None,
				});
			};
			let p = params(q)?;
			let (at, ctx) = ex.open(&p, &format!("/model/{id}")).await?;
			if at.find_model(id).await?.is_none() {
				return Err(pages::no_model(id, &ctx));
			}
			let doc = at.lineage(id, None).await?;
			let (body, kind) = match format {
				Export::Prov => {
					(json(&provenance_export::prov::document(&doc))?, "application/json")
				},
				Export::Spdx => {
					(json(&provenance_export::spdx::document(&doc))?, "application/ld+json")
				},
				Export::CycloneDx => (
					json(&provenance_export::cyclonedx::document(&doc))?,
					"application/vnd.cyclonedx+json",
				),
				Export::Svg => (provenance_export::graph::svg(&doc), "image/svg+xml"),
			};
			let name = format!("model-{id}-block-{}.{}", at.number(), format.file());
			let mut response = body.into_response();
			let headers = response.headers_mut();
			headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
			if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
				headers.insert(header::CONTENT_DISPOSITION, v);
			}
			secure(headers);
			Ok(response)
		})
		.await
}

fn json(value: &serde_json::Value) -> Result<String, PageError> {
	serde_json::to_string_pretty(value).map_err(|e| PageError::Chain(e.into()))
}

async fn style() -> Response {
	let mut response = include_str!("style.css").into_response();
	let headers = response.headers_mut();
	headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
	headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=3600"));
	headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
	response
}

async fn favicon() -> Response {
	let mut response = html::FAVICON.into_response();
	let headers = response.headers_mut();
	headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
	headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=3600"));
	response
}

async fn unknown_path(uri: axum::http::Uri) -> Response {
	PageError::NotFound {
		message: format!(
			"There is no page at {}. Pages are /model/<id>, /dataset/<id>, /grant/<id> and \
			 /account/<address>; or search from the home page.",
			uri.path()
		),
		shown: None,
	}
	.into_response()
}

/// Parses a 0x-prefixed 32-byte hash, if `text` is one.
pub(crate) fn parse_hash(text: &str) -> Option<H256> {
	let hex = text.strip_prefix("0x")?;
	let bytes: [u8; 32] = hex::decode(hex).ok()?.try_into().ok()?;
	Some(H256(bytes))
}
