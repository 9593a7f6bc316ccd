//! One neutral description of a model's lineage, read at one block, and every document built
//! from it. The node's `lineage_exportProv` and the `provenance` CLI both fill a [`Lineage`]
//! from the chain and hand it to the same builders, so the two never disagree:
//!
//! - [`prov::document`]: W3C PROV-JSON;
//! - [`spdx::document`]: SPDX 3.0.1 JSON-LD with the AI and Dataset profiles;
//! - [`cyclonedx::document`]: a CycloneDX 1.6 ML-BOM;
//! - [`graph::dot`] and [`graph::svg`]: a picture of the lineage.
//!
//! Every builder is a pure function of the document: no chain access, no clock.

use std::{
	collections::{BTreeMap, BTreeSet},
	fmt::Display,
};

use serde::{Deserialize, Serialize};

pub mod cyclonedx;
pub mod graph;
pub mod prov;
pub mod spdx;
pub mod walk;

/// Ids as the chain numbers them.
pub type ModelId = u64;
pub type DatasetId = u64;
pub type GrantId = u64;

/// The block a document was read at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct At {
	/// The chain's genesis hash, `0x…`: it scopes every identifier in the documents.
	pub genesis: String,
	pub hash: String,
	pub number: u64,
	/// The block's timestamp (`Timestamp::Now`), in milliseconds since the Unix epoch, when
	/// the reader knows it. Documents that need a creation time use it, so that the same
	/// block always gives the same document.
	pub timestamp_ms: Option<u64>,
}

/// A parent of a training run and how the model derives from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parent {
	pub model: ModelId,
	/// `FineTune`, `Adapter`, `Merge`, `Distill`, `Quantize`, ...
	pub kind: String,
}

/// A dataset a run used, in which role and under which grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Input {
	pub dataset: DatasetId,
	/// `Train`, `Validation` or `Test`.
	pub role: String,
	pub grant: GrantId,
}

/// The training run that produced a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
	pub trainer: String,
	/// `Pretrain`, `FineTune`, `Adapter`, `Merge`, `Distill` or `Quantize`.
	pub kind: String,
	pub parents: Vec<Parent>,
	pub inputs: Vec<Input>,
	pub purpose: String,
	pub config_hash: String,
	pub code_hash: String,
	pub compute_provider: Option<String>,
	/// The block the run was recorded in.
	pub at: u64,
}

/// A model. Accounts are SS58 strings and hashes `0x…` hex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
	pub owner: String,
	pub weights_hash: String,
	pub name: String,
	pub version: String,
	pub uri: String,
	pub license: String,
	pub card_hash: String,
	/// `Open`, `OwnerOnly` or `RoyaltyRequired`.
	pub policy: String,
	/// `Active`, `Deprecated` or `Withdrawn`.
	pub status: String,
	pub created_at: u64,
	pub run: Run,
	/// Every grant used anywhere in the model's ancestry, ascending.
	pub consent_basis: Vec<GrantId>,
	/// Governance has an open dispute over the registration, or gave it to someone else.
	pub disputed: bool,
}

/// A dataset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
	pub owner: String,
	pub content_hash: String,
	pub uri: String,
	pub license: String,
	/// The dataset it was derived from, and how (`Subset`, `Cleaned`, ...).
	pub parent: Option<(DatasetId, String)>,
	/// The grants it was derived under.
	pub derivation_basis: Vec<GrantId>,
	pub disputed: bool,
}

/// A consent grant and its terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
	pub dataset: DatasetId,
	pub grantor: String,
	/// `None` for a grant to anyone.
	pub grantee: Option<String>,
	pub purposes: Vec<String>,
	pub granted_at: u64,
	pub revoked_at: Option<u64>,
	pub expires_at: Option<u64>,
	pub terms_hash: String,
	/// `None`, `OwnerOnly` or `Any`: who may build on models trained under it.
	pub derivatives: String,
	/// `StopUse` or `NoNewTraining`.
	pub on_revoke: String,
	pub data_subject: Option<String>,
	pub controller: Option<String>,
	pub legal_basis: String,
	pub jurisdiction: Option<String>,
	pub notice_version: Option<String>,
	/// Governance has disputed the registration of the dataset the grant is on.
	pub dataset_disputed: bool,
}

/// An evaluation of the root model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
	pub index: u32,
	pub evaluator: String,
	pub dataset: Option<DatasetId>,
	pub metric: String,
	/// Fixed point in millionths.
	pub value: i64,
	pub evidence_hash: String,
	pub at: u64,
	pub accredited: bool,
}

/// A revoked grant in the root's consent basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaintedGrant {
	pub grant: GrantId,
	pub revoked_at: u64,
	/// `StopUse` or `NoNewTraining`.
	pub effect: String,
}

/// The ancestry of one model at one block: every model, dataset and grant
/// `lineage_ancestors` reaches, the root's evaluations, and the root's consent status as the
/// runtime reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lineage {
	pub at: At,
	pub root: ModelId,
	pub models: BTreeMap<ModelId, Model>,
	pub datasets: BTreeMap<DatasetId, Dataset>,
	pub grants: BTreeMap<GrantId, Grant>,
	pub evaluations: Vec<Evaluation>,
	/// The root's revoked basis grants, as `lineage_consentStatus` says; empty when clean.
	pub tainted: Vec<TaintedGrant>,
	/// Models whose parents the document leaves out because the reader asked for fewer model
	/// hops; empty when it holds the whole ancestry. Every document says so when it is not.
	#[serde(default)]
	pub frontier: Vec<ModelId>,
}

/// What a picture or a document says about one element's standing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Marks {
	/// A model whose consent basis holds a revoked grant.
	pub tainted: bool,
	/// A revoked grant.
	pub revoked: bool,
	/// A withdrawn model.
	pub withdrawn: bool,
	/// Under an open or decided governance dispute (or, for a grant, its dataset is).
	pub disputed: bool,
}

impl Lineage {
	/// The root model, if the document holds it (a document built by the readers always does).
	pub fn root_model(&self) -> Option<&Model> {
		self.models.get(&self.root)
	}

	/// Whether the root's consent basis is free of revoked grants.
	pub fn clean(&self) -> bool {
		self.tainted.is_empty()
	}

	/// Grants of the document that are revoked at its block.
	pub fn revoked_grants(&self) -> BTreeSet<GrantId> {
		self.grants.iter().filter(|(_, g)| g.revoked_at.is_some()).map(|(id, _)| *id).collect()
	}

	/// The revoked grants that taint a model: those in its consent basis and, for the root,
	/// those `lineage_consentStatus` reported.
	pub fn tainted_by(&self, id: ModelId) -> BTreeSet<GrantId> {
		let revoked = self.revoked_grants();
		let basis = self.models.get(&id).map(|m| m.consent_basis.as_slice()).unwrap_or_default();
		let reported = self.tainted.iter().filter(|_| id == self.root).map(|t| &t.grant);
		basis.iter().filter(|g| revoked.contains(g)).chain(reported).copied().collect()
	}

	pub fn model_marks(&self, id: ModelId) -> Marks {
		let revoked = self.revoked_grants();
		self.models.get(&id).map_or_else(Marks::default, |m| Marks {
			tainted: m.consent_basis.iter().any(|g| revoked.contains(g))
				|| (id == self.root && !self.tainted.is_empty()),
			revoked: false,
			withdrawn: m.status == "Withdrawn",
			disputed: m.disputed,
		})
	}

	pub fn dataset_marks(&self, id: DatasetId) -> Marks {
		let revoked = self.revoked_grants();
		self.datasets.get(&id).map_or_else(Marks::default, |d| Marks {
			// A derived dataset stands on the grants it was derived under.
			tainted: d.derivation_basis.iter().any(|g| revoked.contains(g)),
			revoked: false,
			withdrawn: false,
			disputed: d.disputed,
		})
	}

	pub fn grant_marks(&self, id: GrantId) -> Marks {
		self.grants.get(&id).map_or_else(Marks::default, |g| Marks {
			tainted: false,
			revoked: g.revoked_at.is_some(),
			withdrawn: false,
			disputed: g.dataset_disputed,
		})
	}

	/// Whether anything in the document is tainted, revoked, withdrawn or disputed: every
	/// export says so in its own vocabulary.
	pub fn warnings(&self) -> Vec<String> {
		let mut out = Vec::new();
		if !self.frontier.is_empty() {
			let models: Vec<String> = self.frontier.iter().map(|m| format!("model {m}")).collect();
			out.push(format!(
				"incomplete ancestry: the parents of {} and everything before them are left out \
				 (the reader limited the depth)",
				models.join(", ")
			));
		}
		if !self.tainted.is_empty() {
			let grants: Vec<String> =
				self.tainted.iter().map(|t| format!("grant {}", t.grant)).collect();
			out.push(format!(
				"model {} is tainted: its consent basis holds revoked {}",
				self.root,
				grants.join(", ")
			));
		}
		for (id, m) in &self.models {
			if m.status == "Withdrawn" {
				out.push(format!("model {id} is withdrawn"));
			}
			if m.disputed {
				out.push(format!("model {id} is under a governance dispute"));
			}
		}
		for (id, d) in &self.datasets {
			if d.disputed {
				out.push(format!("dataset {id} is under a governance dispute"));
			}
		}
		for (id, g) in &self.grants {
			if let Some(at) = g.revoked_at {
				out.push(format!("grant {id} was revoked at block {at} ({})", g.on_revoke));
			}
		}
		out
	}
}

/// The namespace of a document's own identifiers on the chain with this genesis hash, so
/// that ids from different chains never collide.
pub fn namespace(genesis: &str) -> String {
	format!("urn:provenance-chain:{genesis}:")
}

/// Milliseconds since the Unix epoch as an ISO 8601 UTC time with seconds, `2026-11-29T19:30:00Z`.
// Every intermediate is bounded by `ms / 86_400_000 + 719_468`, far below `u64::MAX`.
#[allow(clippy::arithmetic_side_effects)]
pub fn iso8601(ms: u64) -> String {
	let secs = ms / 1000;
	let (days, rem) = (secs / 86_400, secs % 86_400);
	let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
	// Howard Hinnant's days-to-civil algorithm, valid for every u64 day count we can meet.
	let z = days + 719_468;
	let era = z / 146_097;
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let d = doy - (153 * mp + 2) / 5 + 1;
	let mo = if mp < 10 { mp + 3 } else { mp - 9 };
	let y = yoe + era * 400 + u64::from(mo <= 2);
	format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so that free text from the
/// chain (accounts, licence expressions) can stand in an IRI.
pub(crate) fn iri_segment(text: &str) -> String {
	text.bytes()
		.map(|b| match b {
			b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
				char::from(b).to_string()
			},
			_ => format!("%{b:02X}"),
		})
		.collect()
}

/// A hash as the chain stores it, `0x…`, as bare lowercase hex.
pub(crate) fn hex(hash: &str) -> String {
	hash.strip_prefix("0x").unwrap_or(hash).to_ascii_lowercase()
}

/// A fixed-point value in millionths (an evaluation's) as an exact decimal string, `912300` →
/// `0.912300`.
pub(crate) fn millionths(value: i64) -> String {
	let abs = value.unsigned_abs();
	let sign = if value < 0 { "-" } else { "" };
	format!("{sign}{}.{:06}", abs / 1_000_000, abs % 1_000_000)
}

/// A grant's standing at the document's block, in words for comments.
pub(crate) fn grant_state(lineage: &Lineage, id: GrantId) -> String {
	match lineage.grants.get(&id) {
		Some(g) => match (g.revoked_at, g.expires_at) {
			(Some(at), _) => format!("REVOKED at block {at} ({})", g.on_revoke),
			(None, Some(until)) if until <= lineage.at.number => {
				format!("expired at block {until}")
			},
			(None, Some(until)) => format!("in force, expiring at block {until}"),
			(None, None) => "in force".into(),
		},
		// A revoked grant the consent status reported but the document lacks.
		None => lineage.tainted.iter().find(|t| t.grant == id).map_or_else(
			|| "not in this document".into(),
			|t| format!("REVOKED at block {} ({})", t.revoked_at, t.effect),
		),
	}
}

/// `1, 2, 3`.
pub(crate) fn list(ids: impl IntoIterator<Item = impl Display>) -> String {
	ids.into_iter().map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
pub(crate) mod tests;
