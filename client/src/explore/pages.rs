//! The pages: what each reads from the chain at its block, and how it shows it.

use maud::{html, Markup};
use provenance_rpc::{consent::Grant, lineage::Node};
use subxt::utils::AccountId32;

use super::{
	html::{self as h, layout, Ctx},
	parse_hash, Export, PageError, DEPTH, LIST_LIMIT, SCAN_LIMIT,
};
use crate::{chain, AccountId, AtBlock};

type Page = Result<Markup, PageError>;

pub(crate) fn no_model(id: u64, ctx: &Ctx) -> PageError {
	not_found(format!("There is no model {id} at block #{}.", ctx.shown.number), ctx)
}

fn not_found(message: String, ctx: &Ctx) -> PageError {
	PageError::NotFound { message, shown: Some(ctx.shown.clone()) }
}

/// A grant's state at the shown block, in one word.
fn grant_status(g: &Grant<AccountId>, block: u64) -> &'static str {
	if g.revoked_at.is_some() {
		"revoked"
	} else if g.live {
		"live"
	} else if g.expires_at.is_some_and(|e| e <= block.saturating_add(1)) {
		"expired"
	} else if g.max_uses.is_some_and(|m| g.uses >= m) {
		"used up"
	} else {
		"not live"
	}
}

fn status_cell(g: &Grant<AccountId>, ctx: &Ctx, path: &str) -> Markup {
	let status = grant_status(g, ctx.shown.number);
	html! {
		td class=(format!("status {}", status.replace(' ', "-"))) {
			(status)
			@if let Some(r) = g.revoked_at { " at " (ctx.block(path, r)) }
		}
	}
}

fn purposes(g: &Grant<AccountId>) -> String {
	g.purposes.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>().join(", ")
}

/// A table of grants, one row each, with their status at the shown block.
fn grants_table(id: &str, grants: &[Grant<AccountId>], ctx: &Ctx, path: &str) -> Markup {
	html! {
		@if grants.is_empty() {
			p.empty { "None." }
		} @else {
			table #(id) {
				thead { tr {
					th scope="col" { "Grant" } th scope="col" { "Dataset" } th scope="col" { "Grantee" }
					th scope="col" { "Purposes" } th scope="col" { "Expires" } th scope="col" { "Uses" }
					th scope="col" { "On revoke" } th scope="col" { "Status" }
				} }
				tbody {
					@for g in grants {
						tr data-grant=(g.id) {
							td { (ctx.grant(g.id)) }
							td { (ctx.dataset(g.dataset)) }
							td { @match &g.grantee { Some(a) => (ctx.account(a)), None => "anyone" } }
							td { (purposes(g)) }
							td { @match g.expires_at { Some(e) => { "block " (e) }, None => "never" } }
							td { (g.uses) @if let Some(m) = g.max_uses { " of " (m) } }
							td { (format!("{:?}", g.on_revoke)) }
							(status_cell(g, ctx, path))
						}
					}
				}
			}
		}
	}
}

fn facts(rows: Vec<(&str, Markup)>) -> Markup {
	html! {
		table.facts {
			tbody {
				@for (k, v) in rows { tr { th scope="row" { (k) } td { (v) } } }
			}
		}
	}
}

fn text(t: &str) -> Markup {
	html! { @if t.is_empty() { span.empty { "—" } } @else { (t) } }
}

fn dispute(d: &Option<provenance_rpc::Dispute<AccountId>>, ctx: &Ctx, path: &str) -> Markup {
	html! {
		@match d {
			None => span.empty { "none" },
			Some(d) => span.badge.warn.disputed {
				@if d.open { "disputed since " (ctx.block(path, d.opened_at)) }
				@else {
					"dispute resolved"
					@if let Some(r) = d.resolved_at { " at " (ctx.block(path, r)) }
				}
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Home

pub(crate) async fn home(at: &AtBlock, ctx: &Ctx) -> Page {
	let (next_model, next_dataset, next_grant) = futures::try_join!(
		next_id(at, chain::storage().lineage().next_model_id()),
		next_id(at, chain::storage().datasets().next_dataset_id()),
		next_id(at, chain::storage().consent().next_grant_id()),
	)?;
	let recent = |next: u64| (next.saturating_sub(10)..next).rev();
	let (models, datasets) = {
		use futures::{StreamExt, TryStreamExt};
		futures::try_join!(
			futures::stream::iter(recent(next_model))
				.map(|id| at.find_model(id))
				.buffered(crate::client::PARALLEL)
				.try_collect::<Vec<_>>(),
			futures::stream::iter(recent(next_dataset))
				.map(|id| at.find_dataset(id))
				.buffered(crate::client::PARALLEL)
				.try_collect::<Vec<_>>(),
		)?
	};
	let models: Vec<_> = models.into_iter().flatten().collect();
	let datasets: Vec<_> = datasets.into_iter().flatten().collect();
	let body = html! {
		h1 { "Provenance Chain explorer" }
		p.lead {
			"Where AI training data came from, who consented to its use, which models were built from it, and who gets paid. "
			"Search for a model, a dataset, a grant, a hash or an account, or open a recent record below."
		}
		table.facts {
			tbody {
				tr { th scope="row" { "Genesis" } td { (h::hash(&at.genesis())) } }
				tr { th scope="row" { "Models" } td { (next_model) } }
				tr { th scope="row" { "Datasets" } td { (next_dataset) } }
				tr { th scope="row" { "Grants" } td { (next_grant) } }
			}
		}
		section #recent-models aria-labelledby="recent-models-h" {
			h2 #recent-models-h { "Recent models" }
			@if models.is_empty() { p.empty { "No model is registered at this block." } }
			ul {
				@for m in &models {
					li { (ctx.model(m.id)) ": " (m.name) " " (m.version) " · " (m.status) }
				}
			}
		}
		section #recent-datasets aria-labelledby="recent-datasets-h" {
			h2 #recent-datasets-h { "Recent datasets" }
			@if datasets.is_empty() { p.empty { "No dataset is registered at this block." } }
			ul {
				@for d in &datasets {
					li { (ctx.dataset(d.id)) ": " (d.uri) " · " (d.license) " · " (d.status) }
				}
			}
		}
	};
	Ok(layout("Home", "/", Some(ctx), body))
}

async fn next_id<A>(at: &AtBlock, address: A) -> Result<u64, PageError>
where
	A: subxt::storage::Address<KeyParts = (), Value = u64>,
{
	let entry = at.inner().storage().entry(address).map_err(anyhow::Error::from)?;
	let value = entry.try_fetch(()).await.map_err(anyhow::Error::from)?;
	Ok(match value {
		Some(v) => v.decode().map_err(anyhow::Error::from)?,
		None => 0,
	})
}

// ---------------------------------------------------------------------------------------------
// Search

pub(crate) enum Found {
	/// Exactly one match: go there.
	One(String),
	/// Several: a page listing them.
	Many(Markup),
	/// None: why, for a "not found" page.
	None(String),
}

pub(crate) async fn search(at: &AtBlock, ctx: &Ctx, text: &str) -> Result<Found, PageError> {
	let q = text.trim();
	if q.is_empty() {
		return Ok(Found::None(
			"Type what to look for: a model, dataset or grant id (\"model 2\"), a weights or \
			 content hash (0x…), an account (5F…), or part of a name."
				.into(),
		));
	}
	let mut hits: Vec<(String, String)> = Vec::new();
	let lower = q.to_ascii_lowercase();
	let typed = ["model", "dataset", "grant"].into_iter().find_map(|kind| {
		let rest = lower.strip_prefix(kind)?.trim_start_matches([' ', ':', '#', '/']);
		rest.parse::<u64>().ok().map(|id| (kind, id))
	});
	if let Some((kind, id)) = typed {
		let exists = match kind {
			"model" => at.find_model(id).await?.is_some(),
			"dataset" => at.find_dataset(id).await?.is_some(),
			_ => at.find_grant(id).await?.is_some(),
		};
		if exists {
			return Ok(Found::One(ctx.link(&format!("/{kind}/{id}"))));
		}
		return Ok(Found::None(format!("There is no {kind} {id} at block #{}.", ctx.shown.number)));
	}
	if let Ok(id) = q.parse::<u64>() {
		if let Some(m) = at.find_model(id).await? {
			hits.push((format!("/model/{id}"), format!("model {id}: {} {}", m.name, m.version)));
		}
		if let Some(d) = at.find_dataset(id).await? {
			hits.push((format!("/dataset/{id}"), format!("dataset {id}: {}", d.uri)));
		}
		if let Some(g) = at.find_grant(id).await? {
			hits.push((format!("/grant/{id}"), format!("grant {id} on dataset {}", g.dataset)));
		}
	} else if let Some(hash) = parse_hash(q) {
		if let Some(id) = at.model_by_weights_hash(hash).await? {
			hits.push((format!("/model/{id}"), format!("model {id}, by its weights hash")));
		}
		if let Some(d) = at.dataset_by_content_hash(hash).await? {
			hits.push((
				format!("/dataset/{}", d.id),
				format!("dataset {}, by its content hash", d.id),
			));
		}
	} else if let Ok(who) = crate::cli::parse::account(q) {
		let who: AccountId = who.0.into();
		return Ok(Found::One(ctx.link(&format!("/account/{}", crate::client::ss58_of(&who)))));
	} else {
		let (models, _) = scan_models(at, |m| name_matches(&m.name.0, &lower)).await?;
		for (id, name) in models.into_iter().take(LIST_LIMIT) {
			hits.push((format!("/model/{id}"), format!("model {id}: {name}")));
		}
		let (datasets, _) = scan_datasets(at, |d| name_matches(&d.uri.0, &lower)).await?;
		for (id, uri) in datasets.into_iter().take(LIST_LIMIT) {
			hits.push((format!("/dataset/{id}"), format!("dataset {id}: {uri}")));
		}
	}
	match hits.len() {
		0 => Ok(Found::None(format!("Nothing matches {q:?} at block #{}.", ctx.shown.number))),
		1 => Ok(Found::One(ctx.link(&hits.swap_remove(0).0))),
		_ => Ok(Found::Many(layout(
			"Search",
			"/search",
			Some(ctx),
			html! {
				h1 { "Search: " (q) }
				p { (hits.len()) " matches at this block:" }
				ul #results {
					@for (path, label) in &hits { li { a href=(ctx.link(path)) { (label) } } }
				}
			},
		))),
	}
}

fn name_matches(bytes: &[u8], lower: &str) -> bool {
	String::from_utf8_lossy(bytes).to_lowercase().contains(lower)
}

type ModelRecord = chain::runtime_types::pallet_lineage::types::ModelRecord<AccountId32, u128, u32>;
type DatasetRecord =
	chain::runtime_types::pallet_datasets::types::DatasetRecord<AccountId32, u128, u32>;

/// Models whose record passes `keep`, as (id, "name version"), reading at most
/// [`SCAN_LIMIT`] records; `true` if the scan stopped there.
async fn scan_models(
	at: &AtBlock,
	keep: impl Fn(&ModelRecord) -> bool,
) -> Result<(Vec<(u64, String)>, bool), PageError> {
	scan(at, chain::storage().lineage().models(), |m: &ModelRecord| {
		keep(m).then(|| {
			format!(
				"{} {}",
				String::from_utf8_lossy(&m.name.0),
				String::from_utf8_lossy(&m.version.0)
			)
		})
	})
	.await
}

/// Datasets whose record passes `keep`, as (id, uri), like [`scan_models`].
async fn scan_datasets(
	at: &AtBlock,
	keep: impl Fn(&DatasetRecord) -> bool,
) -> Result<(Vec<(u64, String)>, bool), PageError> {
	scan(at, chain::storage().datasets().datasets(), |d: &DatasetRecord| {
		keep(d).then(|| String::from_utf8_lossy(&d.uri.0).into_owned())
	})
	.await
}

/// Reads the records of a map keyed by id, at most [`SCAN_LIMIT`], and keeps (id, label) of
/// those `label` names, by id; `true` if the scan stopped at the limit. The chain keeps no
/// owner or name index, so this is what account pages and name searches cost.
async fn scan<A, R>(
	at: &AtBlock,
	address: A,
	label: impl Fn(&R) -> Option<String>,
) -> Result<(Vec<(u64, String)>, bool), PageError>
where
	A: subxt::storage::Address<KeyParts = (u64,), Value = R>,
	R: subxt::ext::scale_decode::DecodeAsType,
{
	let entry = at.inner().storage().entry(address).map_err(anyhow::Error::from)?;
	let mut iter = entry.iter(()).await.map_err(anyhow::Error::from)?;
	let mut out = Vec::new();
	let mut read = 0usize;
	while let Some(kv) = iter.next().await {
		if read >= SCAN_LIMIT {
			return Ok((sorted(out), true));
		}
		read = read.saturating_add(1);
		let kv = kv.map_err(anyhow::Error::from)?;
		let record = kv.value().decode().map_err(anyhow::Error::from)?;
		if let Some(text) = label(&record) {
			let (id,) =
				kv.key().map_err(anyhow::Error::from)?.decode().map_err(anyhow::Error::from)?;
			out.push((id, text));
		}
	}
	Ok((sorted(out), false))
}

fn sorted(mut v: Vec<(u64, String)>) -> Vec<(u64, String)> {
	v.sort_by_key(|(id, _)| *id);
	v
}

// ---------------------------------------------------------------------------------------------
// Model

pub(crate) async fn model(at: &AtBlock, ctx: &Ctx, id: u64, amount: Option<&str>) -> Page {
	let Some(m) = at.find_model(id).await? else { return Err(no_model(id, ctx)) };
	let path = format!("/model/{id}");
	let basis_ids: Vec<u64> = m.consent_basis.iter().take(LIST_LIMIT).copied().collect();
	// The graph and the descendants are the runtime's bounded walks: a lineage past their
	// limits is reported in its section, not as a failed page.
	let (doc, derived) =
		futures::join!(at.lineage(id, None), at.descendants(Node::Model(id), DEPTH));
	let (status, basis, (evaluations, more_evaluations), (anchors, more_anchors), policy) = futures::try_join!(
		at.consent_status(id),
		grants_by_id(at, basis_ids),
		at.evaluations_up_to(id, LIST_LIMIT),
		at.anchors_up_to(id, LIST_LIMIT),
		at.royalty_policy(id),
	)?;
	let derived: Result<(Vec<u64>, Vec<u64>), String> = derived
		.map(|graph| {
			let models = graph
				.nodes
				.iter()
				.filter_map(|n| match n {
					Node::Model(d) if *d != id => Some(*d),
					_ => None,
				})
				.collect();
			(models, graph.frontier)
		})
		.map_err(|e| format!("{e:#}"));
	let amount = amount.map(str::trim).filter(|a| !a.is_empty());
	let quote = match amount {
		None => None,
		Some(a) => Some(match crate::cli::parse::amount(a) {
			Err(e) => Err(e),
			Ok(planck) => at.breakdown(id, planck).await.map_err(|e| format!("{e:#}")),
		}),
	};
	let clean = status.clean;
	// Laying out a large graph takes a while: off the async workers.
	let svg = doc.as_ref().map(|doc| {
		tokio::task::block_in_place(|| {
			provenance_export::graph::svg_linked(doc, &|key| {
				let (kind, n) = key.split_once('_')?;
				let n: u64 = n.parse().ok()?;
				matches!(kind, "model" | "dataset" | "grant")
					.then(|| ctx.link(&format!("/{kind}/{n}")))
			})
		})
	});

	let body = html! {
		h1 { (m.name) " " span.version { (m.version) } }
		p.subtitle {
			"Model " (id) " · " span class=(format!("badge {}", m.status.to_lowercase())) { (m.status) }
			" · owned by " (ctx.account(&m.owner)) " · " (m.license)
			@if m.dispute.as_ref().is_some_and(|d| d.open) { " · " span.badge.warn.disputed { "disputed" } }
		}
		@if clean {
			p #consent-status.clean data-clean="true" {
				strong { "Consent: clean." } " Every grant in this model's ancestry was live when used and none is revoked at this block."
			}
		} @else {
			div #consent-status.tainted data-clean="false" role="status" {
				p { strong { "Consent: tainted." } " A grant this model's ancestry relies on has been revoked:" }
				ul {
					@for t in &status.tainted {
						li {
							(ctx.grant(t.grant)) " revoked at " (ctx.block(&path, t.revoked_at))
							" — " (effect_words(&format!("{:?}", t.effect)))
							" " a href=(format!("{path}?at={}", t.revoked_at.saturating_sub(1))) { "view before the revocation" }
						}
					}
				}
			}
		}
		section #graph aria-labelledby="graph-h" {
			h2 #graph-h { "Lineage" }
			p.note { "Every model, dataset and grant in the ancestry, read at this block. Select a node to open it; the legend explains the colours." }
			@match &doc {
				Ok(doc) => {
					@if let Ok(svg) = &svg { div.graph { (h::inline_svg(svg)) } }
					@for w in doc.warnings() { p.warning { (w) } }
				},
				Err(e) => p.error role="alert" {
					"The lineage cannot be drawn at this block: " (format!("{e:#}")) ". "
					"The consent status above and the tables below still hold."
				},
			}
		}
		section #record aria-labelledby="record-h" {
			h2 #record-h { "Record" }
			(facts(vec![
				("Owner", ctx.account(&m.owner)),
				("Weights hash", h::hash(&m.weights_hash)),
				("URI", text(&m.uri)),
				("License", text(&m.license)),
				("Model card hash", h::hash(&m.card_hash)),
				("Derivatives", html! { (m.policy) @if let Some(p) = m.min_royalty_parts_per_billion { " (at least " (h::percent(p)) " royalty)" } }),
				("Registered", ctx.block(&path, m.created_at)),
				("Deposit", html! { (h::prov(&m.deposit)) }),
				("Dispute", dispute(&m.dispute, ctx, &path)),
			]))
		}
		section #run aria-labelledby="run-h" {
			h2 #run-h { "Training run" }
			(facts(vec![
				("Kind", html! { (m.run.kind) }),
				("Trainer", ctx.account(&m.run.trainer)),
				("Purpose", html! { (format!("{:?}", m.run.purpose)) }),
				("Parents", html! {
					@if m.run.parents.is_empty() { span.empty { "none (trained from scratch)" } }
					@for (i, p) in m.run.parents.iter().enumerate() {
						@if i > 0 { ", " }
						(ctx.model(p.model)) " (" (p.kind) ")"
					}
				}),
				("Config hash", h::hash(&m.run.config_hash)),
				("Code hash", h::hash(&m.run.code_hash)),
				("Compute provider", html! { @match &m.run.compute_provider { Some(a) => (ctx.account(a)), None => span.empty { "not recorded" } } }),
				("Recorded", ctx.block(&path, m.run.at)),
			]))
			h3 { "Inputs" }
			@if m.run.inputs.is_empty() { p.empty { "No dataset: the run only builds on its parents." } }
			@else {
				table #inputs {
					thead { tr { th scope="col" { "Dataset" } th scope="col" { "Role" } th scope="col" { "Under grant" } } }
					tbody {
						@for i in &m.run.inputs {
							tr { td { (ctx.dataset(i.dataset)) } td { (i.role) } td { (ctx.grant(i.grant)) } }
						}
					}
				}
			}
		}
		section #consent aria-labelledby="consent-h" {
			h2 #consent-h { "Consent basis" }
			p.note { "Every grant used anywhere in the ancestry, with its state at this block. A revoked grant taints the model." }
			(grants_table("consent-basis", &basis, ctx, &path))
			@if m.consent_basis.len() > LIST_LIMIT { (h::more(true, "grants")) }
		}
		section #evaluations aria-labelledby="evaluations-h" {
			h2 #evaluations-h { "Evaluations" }
			@if evaluations.is_empty() { p.empty { "None recorded." } }
			@else {
				table #evaluations-table {
					thead { tr {
						th scope="col" { "#" } th scope="col" { "Metric" } th scope="col" { "Value" }
						th scope="col" { "Benchmark" } th scope="col" { "Evaluator" } th scope="col" { "Evidence" }
						th scope="col" { "Block" }
					} }
					tbody {
						@for e in &evaluations {
							tr.accredited[e.accredited] {
								td { (e.index) }
								td { (e.metric) }
								td { (h::millionths(e.value)) }
								td {
									@match e.dataset { Some(d) => (ctx.dataset(d)), None => span.empty { "—" } }
									@if let Some(g) = e.grant { " under " (ctx.grant(g)) }
								}
								td {
									(ctx.account(&e.evaluator))
									@if e.accredited { " " span.badge.ok title="Recorded by an evaluator governance accredited" { "✓ accredited" } }
								}
								td { (h::hash(&e.evidence_hash)) }
								td { (ctx.block(&path, e.at)) }
							}
						}
					}
				}
				(h::more(more_evaluations, "evaluations"))
			}
		}
		section #anchors aria-labelledby="anchors-h" {
			h2 #anchors-h { "Decision anchors" }
			@if anchors.is_empty() { p.empty { "None recorded." } }
			@else {
				table #anchors-table {
					thead { tr {
						th scope="col" { "#" } th scope="col" { "Merkle root" } th scope="col" { "Decisions" }
						th scope="col" { "Submitter" } th scope="col" { "Block" }
					} }
					tbody {
						@for a in &anchors {
							tr { td { (a.index) } td { (h::hash(&a.merkle_root)) } td { (a.count) } td { (ctx.account(&a.submitter)) } td { (ctx.block(&path, a.at)) } }
						}
					}
				}
				(h::more(more_anchors, "anchors"))
			}
		}
		section #royalties aria-labelledby="royalties-h" {
			h2 #royalties-h { "Royalties" }
			@match &policy {
				None => p.empty { "No royalty policy: everything paid for this model stays with its owner." },
				Some(p) => (facts(vec![
					("To parent models", html! { (h::percent(p.parent_share_parts_per_billion)) }),
					("To its datasets' contributors", html! { (h::percent(p.dataset_share_parts_per_billion)) }),
					("Kept by the owner", html! { (h::percent(p.owner_share_parts_per_billion)) }),
					("Least share a derivative owes it", html! { (h::percent(p.min_derivative_share_parts_per_billion)) }),
				])),
			}
			h3 { "Who gets paid" }
			form #calculator method="get" action=(path) {
				@if let Some(at) = &ctx.at { input type="hidden" name="at" value=(at); }
				label for="amount" { "If someone pays for this model" }
				input #amount name="amount" type="text" placeholder="10PROV or planck" value=(amount.unwrap_or_default());
				button type="submit" { "Show the split" }
			}
			@match &quote {
				None => {},
				Some(Err(e)) => p.error role="alert" { (e) },
				Some(Ok(b)) => {
					p { "A payment of " strong { (h::prov(&b.amount)) } " is charged " strong { (h::prov(&b.charged)) } " and credits:" }
					table #breakdown {
						thead { tr { th scope="col" { "Account" } th scope="col" { "Amount" } th scope="col" { "Why" } th scope="col" { "Via" } } }
						tbody {
							@for c in &b.credits {
								tr { td { (ctx.account(&c.account)) } td.amount { (h::prov(&c.amount)) } td { (c.reason) }
									td { (ctx.model(c.model)) @if let Some(d) = c.dataset { ", " (ctx.dataset(d)) } } }
							}
							@for f in &b.entry_fees {
								tr { td { (ctx.account(&f.account)) } td.amount { (h::prov(&f.amount)) } td { "entry fee (" (f.entries) " entries)" } td {} }
							}
						}
					}
				},
			}
		}
		section #derived aria-labelledby="derived-h" {
			h2 #derived-h { "Built on this model" }
			@match &derived {
				Err(e) => p.error role="alert" { "The models built on it cannot be listed here: " (e) }
				Ok((derived, frontier)) => {
					@if derived.is_empty() { p.empty { "No model derives from it at this block." } }
					ul { @for d in derived { li { (ctx.model(*d)) } } }
					(continues(frontier, ctx))
				},
			}
		}
		section #downloads aria-labelledby="downloads-h" {
			h2 #downloads-h { "Downloads" }
			p.note { "The same documents as " code { "provenance lineage export" } ", read at block #" (ctx.shown.number) "." }
			ul {
				@for e in Export::ALL {
					li {
						a id=(format!("download-{}", export_id(e)))
							href=(ctx.pinned(&format!("{path}/export/{}", e.file())))
							download=(format!("model-{id}-block-{}.{}", ctx.shown.number, e.file())) { (export_label(e)) }
					}
				}
			}
		}
	};
	Ok(layout(&format!("Model {id}: {}", m.name), &path, Some(ctx), body))
}

/// The grants with these ids, in order, a few calls in flight at a time.
async fn grants_by_id(at: &AtBlock, ids: Vec<u64>) -> anyhow::Result<Vec<Grant<AccountId>>> {
	use futures::{StreamExt, TryStreamExt};
	futures::stream::iter(ids)
		.map(|g| at.grant(g))
		.buffered(crate::client::PARALLEL)
		.try_collect()
		.await
}

fn export_id(e: Export) -> &'static str {
	match e {
		Export::Prov => "prov",
		Export::Spdx => "spdx",
		Export::CycloneDx => "cyclonedx",
		Export::Svg => "svg",
	}
}

fn export_label(e: Export) -> &'static str {
	match e {
		Export::Prov => "W3C PROV-JSON",
		Export::Spdx => "SPDX 3.0.1 (JSON-LD, AI and Dataset profiles)",
		Export::CycloneDx => "CycloneDX 1.6 ML-BOM (JSON)",
		Export::Svg => "Lineage picture (SVG)",
	}
}

fn effect_words(effect: &str) -> &'static str {
	match effect {
		"StopUse" => "the grantor asked that models built on it stop being used",
		"NoNewTraining" => "models built on it may stay in use; nothing new may be trained on it",
		_ => "see the grant's terms",
	}
}

// ---------------------------------------------------------------------------------------------
// Dataset

pub(crate) async fn dataset(at: &AtBlock, ctx: &Ctx, id: u64) -> Page {
	let Some(d) = at.find_dataset(id).await? else {
		return Err(not_found(
			format!("There is no dataset {id} at block #{}.", ctx.shown.number),
			ctx,
		));
	};
	let path = format!("/dataset/{id}");
	let ((children, more_children), (attestations, more_attestations), (grants, more_grants)) = futures::try_join!(
		at.derivations(id, LIST_LIMIT),
		at.attestations(id, LIST_LIMIT),
		at.grants_up_to(Some(id), None, LIST_LIMIT),
	)?;
	// A dataset with more models built on it than the runtime's walk returns says so in
	// its section rather than failing the page.
	let tree = at.descendants(Node::Dataset(id), DEPTH).await.map_err(|e| format!("{e:#}"));
	let mut log = Vec::new();
	let mut more_log = false;
	for g in &grants {
		let left = LIST_LIMIT.saturating_sub(log.len());
		if left == 0 {
			more_log = true;
			break;
		}
		let (entries, more) = at.access_log_up_to(g.id, left).await?;
		more_log |= more;
		log.extend(entries.into_iter().map(|e| (g.id, e)));
	}
	let (direct, models): (std::collections::BTreeSet<u64>, Vec<u64>) = match &tree {
		Err(_) => Default::default(),
		Ok(tree) => (
			tree.edges
				.iter()
				.filter(|e| e.relation == "trainedOn")
				.filter_map(|e| match (&e.from, &e.to) {
					(Node::Model(m), Node::Dataset(x)) | (Node::Dataset(x), Node::Model(m))
						if *x == id =>
					{
						Some(*m)
					},
					_ => None,
				})
				.collect(),
			tree.nodes
				.iter()
				.filter_map(|n| match n {
					Node::Model(m) => Some(*m),
					_ => None,
				})
				.collect(),
		),
	};

	let body = html! {
		h1 { "Dataset " (id) }
		p.subtitle {
			(d.uri) " · " span class=(format!("badge {}", d.status.to_lowercase())) { (d.status) }
			@if d.dispute.as_ref().is_some_and(|x| x.open) { " · " span.badge.warn.disputed { "disputed" } }
		}
		(facts(vec![
			("Owner", ctx.account(&d.owner)),
			("Content hash", h::hash(&d.content_hash)),
			("Metadata hash", h::hash(&d.metadata_hash)),
			("URI", text(&d.uri)),
			("License", text(&d.license)),
			("Sensitivity", html! { (format!("{:?}", d.sensitivity)) }),
			("Delegate", html! { @match &d.delegate { Some(a) => (ctx.account(a)), None => span.empty { "none" } } }),
			("Pending owner", html! { @match &d.pending_owner { Some(a) => (ctx.account(a)), None => span.empty { "none" } } }),
			("Derived under", html! {
				@if d.derivation_basis.is_empty() { span.empty { "no grant (the owner's own data)" } }
				@for (i, g) in d.derivation_basis.iter().enumerate() { @if i > 0 { ", " } (ctx.grant(*g)) }
			}),
			("Registered", ctx.block(&path, d.created_at)),
			("Deposit", html! { (h::prov(&d.deposit)) }),
			("Dispute", dispute(&d.dispute, ctx, &path)),
		]))
		section #versions aria-labelledby="versions-h" {
			h2 #versions-h { "Versions and derivations" }
			p #parent {
				@match &d.parent {
					Some(p) => { "Derived from " (ctx.dataset(p.dataset)) " (" (p.kind) ")." },
					None => "An original dataset: derived from no other.",
				}
			}
			@if children.is_empty() { p.empty { "No dataset is derived from it." } }
			@else {
				h3 { "Derived from it" }
				ul #derivations { @for c in &children { li { (ctx.dataset(c.dataset)) " (" (c.kind) ")" } } }
				(h::more(more_children, "derivations"))
			}
		}
		section #contributors aria-labelledby="contributors-h" {
			h2 #contributors-h { "Contributors" }
			@if d.contributors.is_empty() { p.empty { "None: the owner receives the dataset's share." } }
			@else {
				table #contributors-table {
					thead { tr { th scope="col" { "Contributor" } th scope="col" { "Share" } } }
					tbody { @for c in &d.contributors { tr { td { (ctx.account(&c.account)) } td { (h::percent(c.parts_per_billion)) } } } }
				}
			}
		}
		section #attestations aria-labelledby="attestations-h" {
			h2 #attestations-h { "Attestations" }
			@if attestations.is_empty() { p.empty { "None." } }
			@else {
				table #attestations-table {
					thead { tr { th scope="col" { "#" } th scope="col" { "Kind" } th scope="col" { "Attestor" } th scope="col" { "Evidence" } th scope="col" { "Block" } } }
					tbody { @for a in &attestations {
						tr { td { (a.index) } td { (a.kind) @if a.custom { " (custom)" } } td { (ctx.account(&a.attestor)) } td { (h::hash(&a.evidence_hash)) } td { (ctx.block(&path, a.at)) } }
					} }
				}
				(h::more(more_attestations, "attestations"))
			}
		}
		section #grants aria-labelledby="grants-h" {
			h2 #grants-h { "Grants" }
			(grants_table("grants-table", &grants, ctx, &path))
			(h::more(more_grants, "grants"))
		}
		section #access-log aria-labelledby="access-log-h" {
			h2 #access-log-h { "Access log" }
			(access_table(&log, ctx, &path))
			(h::more(more_log, "uses"))
		}
		section #models aria-labelledby="models-h" {
			h2 #models-h { "Models built on it" }
			@if let Err(e) = &tree { p.error role="alert" { "The models built on it cannot be listed here: " (e) } }
			@else if models.is_empty() { p.empty { "No model at this block." } }
			ul { @for m in &models {
				li data-model=(m) { (ctx.model(*m)) @if direct.contains(m) { " (trained on it)" } @else { " (through a derived dataset or a parent model)" } }
			} }
			@if let Ok(tree) = &tree { (continues(&tree.frontier, ctx)) }
		}
	};
	Ok(layout(&format!("Dataset {id}"), &path, Some(ctx), body))
}

/// The models a descendants list stopped at, when it did: more models derive from them.
fn continues(frontier: &[u64], ctx: &Ctx) -> Markup {
	html! {
		@if !frontier.is_empty() {
			p.note.continues {
				"The list stops " (DEPTH) " generations down; more models derive from "
				@for (i, m) in frontier.iter().enumerate() {
					@if i > 0 { ", " }
					(ctx.model(*m))
				}
				@if frontier.len() == 1 { ": see its page." } @else { ": see their pages." }
			}
		}
	}
}

fn access_table(
	log: &[(u64, provenance_rpc::consent::Access<AccountId>)],
	ctx: &Ctx,
	path: &str,
) -> Markup {
	html! {
		@if log.is_empty() { p.empty { "No recorded use." } }
		@else {
			table.access {
				thead { tr { th scope="col" { "Grant" } th scope="col" { "#" } th scope="col" { "By" } th scope="col" { "Purpose" } th scope="col" { "Job" } th scope="col" { "Block" } } }
				tbody { @for (g, a) in log {
					tr { td { (ctx.grant(*g)) } td { (a.index) } td { (ctx.account(&a.accessor)) } td { (format!("{:?}", a.purpose)) } td { (h::hash(&a.job_hash)) } td { (ctx.block(path, a.at)) } }
				} }
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Grant

pub(crate) async fn grant(at: &AtBlock, ctx: &Ctx, id: u64) -> Page {
	let Some(g) = at.find_grant(id).await? else {
		return Err(not_found(
			format!("There is no grant {id} at block #{}.", ctx.shown.number),
			ctx,
		));
	};
	let path = format!("/grant/{id}");
	let ((log, more_log), (impact, more_impact)) =
		futures::try_join!(at.access_log_up_to(id, LIST_LIMIT), at.impact_up_to(id, LIST_LIMIT))?;
	let log: Vec<_> = log.into_iter().map(|a| (id, a)).collect();
	let mut impact = impact;
	impact.sort_unstable();
	let tainted: Vec<_> = {
		use futures::{StreamExt, TryStreamExt};
		futures::stream::iter(impact.iter().copied())
			.map(|m| at.find_model(m))
			.buffered(crate::client::PARALLEL)
			.try_collect::<Vec<_>>()
			.await?
			.into_iter()
			.flatten()
			.collect()
	};
	let status = grant_status(&g, ctx.shown.number);
	let opt_hash = |h: &Option<subxt::utils::H256>| match h {
		Some(h) => h::hash(h),
		None => html! { span.empty { "not recorded" } },
	};
	let body = html! {
		h1 { "Grant " (id) }
		p.subtitle {
			"Consent on " (ctx.dataset(g.dataset)) " · "
			span #grant-status class=(format!("badge {}", status.replace(' ', "-"))) { (status) }
			@if let Some(r) = g.revoked_at {
				" at " (ctx.block(&path, r)) " · "
				a href=(format!("{path}?at={}", r.saturating_sub(1))) { "view before the revocation" }
			}
			@if g.dataset_disputed { " · " span.badge.warn.disputed { "dataset disputed" } }
		}
		section #terms-section aria-labelledby="terms-h" {
			h2 #terms-h { "Terms" }
			p.note { "Every field of the consent record the chain stores, with its ISO/IEC TS 27560 name." }
			table #terms {
				thead { tr { th scope="col" { "Field" } th scope="col" { "ISO/IEC TS 27560" } th scope="col" { "Value" } } }
				tbody {
					(term("Grant id", "record identifier", html! { (g.id) }))
					(term("Dataset", "PII / data set concerned", ctx.dataset(g.dataset)))
					(term("Grantor", "party that recorded the consent", ctx.account(&g.grantor)))
					(term("Grantee", "recipient", html! { @match &g.grantee { Some(a) => (ctx.account(a)), None => "anyone" } }))
					(term("Purposes", "purpose", html! { (purposes(&g)) }))
					(term("Legal basis", "legal basis for processing", html! { (g.legal_basis) }))
					(term("Controller", "PII controller", html! { @match &g.controller { Some(a) => (ctx.account(a)), None => span.empty { "not recorded" } } }))
					(term("Data subject", "PII principal (pseudonymous reference)", opt_hash(&g.data_subject)))
					(term("Jurisdiction", "jurisdiction", html! { @match &g.jurisdiction { Some(j) => (j), None => span.empty { "not recorded" } } }))
					(term("Privacy notice", "notice (version)", opt_hash(&g.notice_version)))
					(term("Terms hash", "consent receipt / terms", h::hash(&g.terms_hash)))
					(term("Expires", "duration", html! { @match g.expires_at { Some(e) => { "at block " (e) }, None => "never" } }))
					(term("Uses", "scope (use limit)", html! { (g.uses) " used" @match g.max_uses { Some(m) => { " of " (m) }, None => ", no limit" } }))
					(term("Derivatives", "terms for derived works", html! { (format!("{:?}", g.derivatives)) }))
					(term("On revoke", "terms on withdrawal", html! { (format!("{:?}", g.on_revoke)) }))
					(term("Granted", "timestamp of the consent event", ctx.block(&path, g.granted_at)))
					(term("Revoked", "withdrawal of consent", html! { @match g.revoked_at { Some(r) => (ctx.block(&path, r)), None => "no" } }))
					(term("Live", "state", html! { (if g.live { "yes" } else { "no" }) }))
					(term("Deposit", "—", html! { (h::prov(&g.deposit)) }))
				}
			}
		}
		section #access-log aria-labelledby="access-log-h" {
			h2 #access-log-h { "Access log" }
			(access_table(&log, ctx, &path))
			(h::more(more_log, "uses"))
		}
		section #impact aria-labelledby="impact-h" {
			h2 #impact-h { "Impact of revocation" }
			p #impact-summary {
				@if impact.is_empty() {
					"No model relies on this grant: revoking it taints nothing."
				} @else if g.revoked_at.is_some() {
					"This grant is revoked, so these " (impact.len()) " models are tainted ("
					(format!("{:?}", g.on_revoke)) "):"
				} @else {
					"Revoking this grant would taint these " (impact.len()) " models ("
					(format!("{:?}", g.on_revoke)) "):"
				}
			}
			ul #impact-list {
				@for m in &tainted {
					li { a href=(ctx.link(&format!("/model/{}", m.id))) data-model=(m.id) { "model " (m.id) ": " (m.name) " " (m.version) } " · " (ctx.account(&m.owner)) }
				}
			}
			(h::more(more_impact, "models"))
		}
	};
	Ok(layout(&format!("Grant {id}"), &path, Some(ctx), body))
}

fn term(field: &str, iso: &str, value: Markup) -> Markup {
	html! { tr { th scope="row" { (field) } td.iso { (iso) } td { (value) } } }
}

// ---------------------------------------------------------------------------------------------
// Account

pub(crate) async fn account(at: &AtBlock, ctx: &Ctx, who: &AccountId) -> Page {
	let ss58 = crate::client::ss58_of(who);
	let path = format!("/account/{ss58}");
	let want = AccountId32(who.clone().into());
	let (datasets, datasets_cut) = scan_datasets(at, |d| d.owner == want).await?;
	let (models, models_cut) = scan_models(at, |m| m.owner == want).await?;
	let (to_it, more_to_it) = at.grants_up_to(None, Some(who), LIST_LIMIT).await?;
	// The grants on its first LIST_LIMIT datasets, at most LIST_LIMIT in all.
	let per_dataset: Vec<(Vec<Grant<AccountId>>, bool)> = {
		use futures::{StreamExt, TryStreamExt};
		let ids: Vec<u64> = datasets.iter().take(LIST_LIMIT).map(|(d, _)| *d).collect();
		futures::stream::iter(ids)
			.map(|d| at.grants_up_to(Some(d), None, LIST_LIMIT))
			.buffered(crate::client::PARALLEL)
			.try_collect()
			.await?
	};
	let mut more_on_its = datasets.len() > LIST_LIMIT;
	let mut on_its = Vec::new();
	for (grants, more) in per_dataset {
		more_on_its |= more;
		for g in grants {
			if on_its.len() >= LIST_LIMIT {
				more_on_its = true;
				break;
			}
			on_its.push(g);
		}
	}
	let claimable = at.claimable(who).await?;
	let body = html! {
		h1 { "Account " span.address { (ss58) } }
		p #claimable { "Can claim " strong { (crate::cli::parse::prov(claimable)) } " in rewards at this block." }
		section #datasets aria-labelledby="datasets-h" {
			h2 #datasets-h { "Datasets it owns" }
			@if datasets.is_empty() { p.empty { "None." } }
			ul { @for (id, uri) in datasets.iter().take(LIST_LIMIT) { li { (ctx.dataset(*id)) ": " (uri) } } }
			(h::more(datasets.len() > LIST_LIMIT, "datasets"))
			@if datasets_cut { p.note { "The scan stopped after " (SCAN_LIMIT) " datasets." } }
		}
		section #models aria-labelledby="models-h" {
			h2 #models-h { "Models it owns" }
			@if models.is_empty() { p.empty { "None." } }
			ul { @for (id, label) in models.iter().take(LIST_LIMIT) { li data-model=(id) { (ctx.model(*id)) ": " (label) } } }
			(h::more(models.len() > LIST_LIMIT, "models"))
			@if models_cut { p.note { "The scan stopped after " (SCAN_LIMIT) " models." } }
		}
		section #grants aria-labelledby="grants-h" {
			h2 #grants-h { "Grants" }
			h3 { "Made to it" }
			(grants_table("grants-to", &to_it, ctx, &path))
			(h::more(more_to_it, "grants"))
			h3 { "On its datasets" }
			(grants_table("grants-on", &on_its, ctx, &path))
			(h::more(more_on_its, "grants"))
		}
	};
	Ok(layout(&format!("Account {}", h::short(&ss58)), &path, Some(ctx), body))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::explore::html::Shown;

	#[test]
	fn a_cut_descendants_list_names_where_it_continues() {
		let ctx = Ctx {
			at: Some("40".into()),
			shown: Shown {
				number: 40,
				hash: subxt::utils::H256::zero(),
				finalized: Some(true),
				head: 40,
				timestamp_ms: None,
				light: false,
				path: "/model/0".into(),
			},
		};
		assert_eq!(continues(&[], &ctx).into_string(), "");
		let note = continues(&[32, 70], &ctx).into_string();
		assert!(note.contains("stops 32 generations down"), "{note}");
		assert!(
			note.contains(
				r#"<a href="/model/32?at=40">model 32</a>, <a href="/model/70?at=40">model 70</a>"#
			),
			"{note}"
		);
		assert!(note.ends_with(": see their pages.</p>"), "{note}");
		let one = continues(&[32], &ctx).into_string();
		assert!(
			one.ends_with(r#"<a href="/model/32?at=40">model 32</a>: see its page.</p>"#),
			"{one}"
		);
	}
}
