//! Parsers for command-line values: hashes, accounts, shares, amounts, and the chain's enums.

use std::str::FromStr;

use subxt::utils::{AccountId32, H256};

use crate::{
	chain::runtime_types::{
		pallet_consent::types::LegalBasis,
		pallet_lineage::types::{DerivativePolicy, RunKind},
		provenance_primitives::{
			DatasetRole, DerivationKind, DerivativeScope, Purpose, RevocationEffect, Sensitivity,
		},
		sp_arithmetic::per_things::Perbill,
	},
	Balance, PLANCK_PER_PROV,
};

/// A `0x`-prefixed 32-byte hash.
pub fn hash(s: &str) -> Result<H256, String> {
	let hex =
		s.trim().strip_prefix("0x").ok_or_else(|| format!("{s:?} is not a 0x-prefixed hash"))?;
	let bytes = hex::decode(hex).map_err(|e| format!("{s:?} is not a hash: {e}"))?;
	let bytes: [u8; 32] = bytes
		.try_into()
		.map_err(|_| format!("{s:?} is not a 32-byte hash (64 hex digits after 0x)"))?;
	Ok(H256(bytes))
}

/// An SS58 address, or a development secret URI such as `//Bob` (its public account).
pub fn account(s: &str) -> Result<AccountId32, String> {
	let s = s.trim();
	if s.starts_with("//") {
		let pair = crate::keys::signer(Some(s), None).map_err(|e| format!("{e:#}"))?;
		return Ok(AccountId32(pair.public_key().0));
	}
	AccountId32::from_str(s)
		.map_err(|_| format!("{s:?} is not an SS58 address (or a //Name dev account)"))
}

/// A percentage with up to 7 decimals (`25`, `12.5`, `0.0000001`) as parts per billion.
pub fn percent(s: &str) -> Result<u32, String> {
	let s = s.trim().trim_end_matches('%');
	let (int, frac) = s.split_once('.').unwrap_or((s, ""));
	if int.is_empty() && frac.is_empty() {
		return Err("empty percentage".into());
	}
	if frac.len() > 7 || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
		return Err(format!("{s:?} is not a percentage with at most 7 decimals"));
	}
	let int: u64 =
		if int.is_empty() { 0 } else { int.parse().map_err(|_| format!("{s:?} is too large"))? };
	let frac: u64 =
		format!("{frac:0<7}").parse().map_err(|_| format!("{s:?} is not a percentage"))?;
	let ppb = int.checked_mul(10_000_000).and_then(|i| i.checked_add(frac));
	match ppb {
		Some(p) if p <= 1_000_000_000 => {
			u32::try_from(p).map_err(|_| format!("{s:?} is over 100%"))
		},
		_ => Err(format!("{s:?} is over 100%")),
	}
}

/// `ACCOUNT=PERCENT`, a contributor and their share.
pub fn contributor(s: &str) -> Result<(AccountId32, Perbill), String> {
	let (who, share) = s
		.split_once('=')
		.ok_or_else(|| format!("{s:?}: write a contributor as ACCOUNT=PERCENT"))?;
	Ok((account(who)?, Perbill(percent(share)?)))
}

/// An amount: planck as a bare integer (`1500000000000`), or PROV with the unit
/// (`1.5PROV`, `1.5 PROV`, up to 12 decimals).
pub fn amount(s: &str) -> Result<Balance, String> {
	let t = s.trim();
	let lower = t.to_ascii_lowercase();
	if let Some(prov) = lower.strip_suffix("prov") {
		let prov = prov.trim();
		let (int, frac) = prov.split_once('.').unwrap_or((prov, ""));
		if (int.is_empty() && frac.is_empty())
			|| frac.len() > 12
			|| !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
		{
			return Err(format!("{s:?} is not an amount of PROV with at most 12 decimals"));
		}
		let int: Balance = if int.is_empty() {
			0
		} else {
			int.parse().map_err(|_| format!("{s:?} is too large"))?
		};
		let frac: Balance =
			format!("{frac:0<12}").parse().map_err(|_| format!("{s:?} is not an amount"))?;
		return int
			.checked_mul(PLANCK_PER_PROV)
			.and_then(|i| i.checked_add(frac))
			.ok_or_else(|| format!("{s:?} is too large"));
	}
	if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
		return Err(format!(
			"{s:?} is not an amount: give planck (1500000000000) or PROV with its unit (1.5PROV)"
		));
	}
	t.parse().map_err(|_| format!("{s:?} is too large"))
}

/// Planck as PROV for people: `1.5 PROV`.
pub fn prov(planck: Balance) -> String {
	let int = planck / PLANCK_PER_PROV;
	let frac = planck % PLANCK_PER_PROV;
	if frac == 0 {
		return format!("{int} PROV");
	}
	let frac = format!("{frac:012}");
	format!("{int}.{} PROV", frac.trim_end_matches('0'))
}

fn norm(s: &str) -> String {
	s.trim().to_ascii_lowercase().replace(['_', ' '], "-")
}

macro_rules! enum_parser {
	($name:ident, $ty:ty, $what:literal, [$($text:literal => $value:expr),+ $(,)?]) => {
		pub fn $name(s: &str) -> Result<$ty, String> {
			match norm(s).as_str() {
				$($text => Ok($value),)+
				_ => Err(format!(concat!("{:?} is not ", $what, "; one of: {}"), s, [$($text),+].join(", "))),
			}
		}
	};
}

enum_parser!(purpose, Purpose, "a purpose", [
	"training" => Purpose::Training,
	"fine-tuning" => Purpose::FineTuning,
	"evaluation" => Purpose::Evaluation,
	"inference" => Purpose::Inference,
	"commercial" => Purpose::Commercial,
	"research" => Purpose::Research,
	"derivation" => Purpose::Derivation,
]);

/// The order the runtime's `BTreeSet<Purpose>` encodes in.
pub fn purpose_rank(p: &Purpose) -> u8 {
	match p {
		Purpose::Training => 0,
		Purpose::FineTuning => 1,
		Purpose::Evaluation => 2,
		Purpose::Inference => 3,
		Purpose::Commercial => 4,
		Purpose::Research => 5,
		Purpose::Derivation => 6,
	}
}

enum_parser!(sensitivity, Sensitivity, "a sensitivity", [
	"public" => Sensitivity::Public,
	"personal" => Sensitivity::Personal,
	"special-category" => Sensitivity::SpecialCategory,
]);

enum_parser!(derivation, DerivationKind, "a derivation kind", [
	"new-version" => DerivationKind::NewVersion,
	"subset" => DerivationKind::Subset,
	"deidentified" => DerivationKind::Deidentified,
	"augmented" => DerivationKind::Augmented,
	"merged" => DerivationKind::Merged,
]);

enum_parser!(derivatives, DerivativeScope, "a derivatives scope", [
	"grantee-only" => DerivativeScope::GranteeOnly,
	"no-one" => DerivativeScope::NoOne,
	"anyone" => DerivativeScope::Anyone,
]);

enum_parser!(on_revoke, RevocationEffect, "a revocation effect", [
	"stop-use" => RevocationEffect::StopUse,
	"no-new-training" => RevocationEffect::NoNewTraining,
]);

enum_parser!(legal_basis, LegalBasis, "a legal basis", [
	"consent" => LegalBasis::Consent,
	"contract" => LegalBasis::Contract,
	"legal-obligation" => LegalBasis::LegalObligation,
	"vital-interests" => LegalBasis::VitalInterests,
	"public-task" => LegalBasis::PublicTask,
	"legitimate-interests" => LegalBasis::LegitimateInterests,
]);

enum_parser!(run_kind, RunKind, "a run kind", [
	"pretrain" => RunKind::Pretrain,
	"fine-tune" => RunKind::FineTune,
	"adapter" => RunKind::Adapter,
	"merge" => RunKind::Merge,
	"distill" => RunKind::Distill,
	"quantize" => RunKind::Quantize,
]);

enum_parser!(role, DatasetRole, "an input role", [
	"train" => DatasetRole::Train,
	"validation" => DatasetRole::Validation,
	"test" => DatasetRole::Test,
]);

/// `open`, `owner-only` or `royalty:<percent>` (the smallest share a derivative pays).
pub fn policy(s: &str) -> Result<DerivativePolicy, String> {
	let n = norm(s);
	match n.as_str() {
		"open" => Ok(DerivativePolicy::Open),
		"owner-only" => Ok(DerivativePolicy::OwnerOnly),
		_ => match n.strip_prefix("royalty:") {
			Some(p) => Ok(DerivativePolicy::RoyaltyRequired { min_share: Perbill(percent(p)?) }),
			None => {
				Err(format!("{s:?} is not a policy; one of: open, owner-only, royalty:<percent>"))
			},
		},
	}
}

/// `PARENT:KIND` (`0:fine-tune`) or `PARENT` (a fine-tune).
pub fn parent(s: &str) -> Result<(u64, RunKind), String> {
	let (id, kind) = s.split_once(':').unwrap_or((s, "fine-tune"));
	let id = id.trim().parse().map_err(|_| format!("{s:?}: write a parent as MODEL[:KIND]"))?;
	Ok((id, run_kind(kind)?))
}

/// `DATASET:GRANT[:ROLE]` (`3:7:train`), role `train` if left out.
pub fn input(s: &str) -> Result<(u64, u64, DatasetRole), String> {
	let mut parts = s.split(':');
	let bad = || format!("{s:?}: write an input as DATASET:GRANT[:ROLE]");
	let dataset = parts.next().and_then(|p| p.trim().parse().ok()).ok_or_else(bad)?;
	let grant = parts.next().and_then(|p| p.trim().parse().ok()).ok_or_else(bad)?;
	let role = role(parts.next().unwrap_or("train"))?;
	if parts.next().is_some() {
		return Err(bad());
	}
	Ok((dataset, grant, role))
}

/// A two-letter ISO 3166-1 country code, upper case.
pub fn country(s: &str) -> Result<[u8; 2], String> {
	let b = s.trim().as_bytes();
	match b {
		[a, c] if a.is_ascii_uppercase() && c.is_ascii_uppercase() => Ok([*a, *c]),
		_ => Err(format!("{s:?} is not an upper-case ISO 3166-1 alpha-2 country code (e.g. DE)")),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentages_are_exact() {
		assert_eq!(percent("25"), Ok(250_000_000));
		assert_eq!(percent("12.5%"), Ok(125_000_000));
		assert_eq!(percent("0.0000001"), Ok(1));
		assert_eq!(percent("100"), Ok(1_000_000_000));
		for bad in ["100.0000001", "101", "", "1.23456789", "-1", "x"] {
			assert!(percent(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn amounts_take_planck_or_prov() {
		assert_eq!(amount("1500000000000"), Ok(1_500_000_000_000));
		assert_eq!(amount("1.5PROV"), Ok(1_500_000_000_000));
		assert_eq!(amount("0.000000000001 prov"), Ok(1));
		for bad in [
			"1.5",
			"1,5PROV",
			"PROV",
			"-1",
			"0.0000000000001PROV",
			"999999999999999999999999999999PROV",
		] {
			assert!(amount(bad).is_err(), "{bad}");
		}
		assert_eq!(prov(1_500_000_000_000), "1.5 PROV");
		assert_eq!(prov(2 * PLANCK_PER_PROV), "2 PROV");
	}

	#[test]
	fn hashes_accounts_and_enums() {
		assert!(hash(&format!("0x{}", "00".repeat(32))).is_ok());
		assert!(hash("0x1234").is_err() && hash(&"00".repeat(32)).is_err());
		assert_eq!(
			account("//Alice").ok(),
			account("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY").ok()
		);
		assert!(account("5Grwva").is_err());
		assert!(matches!(purpose("Fine_Tuning"), Ok(Purpose::FineTuning)));
		assert!(purpose("marketing").unwrap_err().contains("one of: training"));
		assert!(matches!(
			policy("royalty:10"),
			Ok(DerivativePolicy::RoyaltyRequired { min_share: Perbill(100_000_000) })
		));
		assert!(matches!(parent("4"), Ok((4, RunKind::FineTune))));
		assert!(matches!(input("3:7:test"), Ok((3, 7, DatasetRole::Test))));
		assert!(input("3").is_err() && input("3:7:test:x").is_err());
		assert_eq!(country("DE"), Ok(*b"DE"));
		assert!(country("de").is_err() && country("DEU").is_err());
	}
}
