//! `rewards_*`: what an account may claim, a model's royalty policy, and a dry run of a usage
//! payment showing exactly who would be credited what, and why, at any block.
//!
//! `rewards_breakdown` runs the function `pay_usage` runs, so at the best block it is what a
//! payment included next would credit (unless the lineage changes in between).

use std::{marker::PhantomData, str::FromStr, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::INVALID_PARAMS_CODE, ErrorObject, ErrorObjectOwned},
};
use pallet_rewards_runtime_api::{
	Credit as RuntimeCredit, CreditReason, RewardsApi as RewardsRuntimeApi, RoyaltyPolicy,
	SplitError,
};
use provenance_primitives::{DatasetId, ModelId};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{call_at, error};

/// An amount of planck, as a decimal string (`"1000000000000"`) or, below 2^53, a JSON
/// number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Amount {
	Decimal(String),
	Number(u64),
}

impl Amount {
	/// The amount as the runtime's balance type, or an invalid-params error saying why not.
	pub fn parse<Balance: FromStr + From<u64>>(&self) -> RpcResult<Balance> {
		match self {
			Amount::Number(n) => Ok(Balance::from(*n)),
			Amount::Decimal(s) => {
				let digits = s.trim();
				if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
					return Err(invalid_amount(s, "it is not a non-negative decimal integer"));
				}
				digits.parse().map_err(|_| invalid_amount(s, "it does not fit a balance"))
			},
		}
	}
}

fn invalid_amount(given: &str, why: &str) -> ErrorObjectOwned {
	ErrorObject::owned(
		INVALID_PARAMS_CODE,
		format!("invalid amount {given:?}: {why}; give planck as a decimal string"),
		None::<()>,
	)
}

/// A royalty policy, each share in parts per billion (1_000_000_000 is 100%).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
	/// Of what the model receives, the part passed to its parent models, together.
	pub parent_share_parts_per_billion: u32,
	/// The part passed to the datasets its own training run used, together.
	pub dataset_share_parts_per_billion: u32,
	/// The least parent share a derivative owes this model.
	pub min_derivative_share_parts_per_billion: u32,
	/// What stays with the owner: one billion minus the two shares above.
	pub owner_share_parts_per_billion: u32,
}

impl From<RoyaltyPolicy> for Policy {
	fn from(p: RoyaltyPolicy) -> Self {
		let (parent, dataset) = (p.parent_share.deconstruct(), p.dataset_share.deconstruct());
		Policy {
			parent_share_parts_per_billion: parent,
			dataset_share_parts_per_billion: dataset,
			min_derivative_share_parts_per_billion: p.min_derivative_share.deconstruct(),
			owner_share_parts_per_billion: 1_000_000_000u32
				.saturating_sub(parent.saturating_add(dataset)),
		}
	}
}

/// One credit of a split: `account` gets `amount` as part of `model`'s royalty, for
/// `reason` (`modelOwner`, `depthLimit`, `noEligibleDatasets`, `datasetContributor`,
/// `datasetOwner` or `dust`); `dataset` names the dataset of the two dataset reasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credit<AccountId> {
	pub account: AccountId,
	pub amount: String,
	pub model: ModelId,
	pub reason: String,
	pub dataset: Option<DatasetId>,
}

fn credit<AccountId, Balance: ToString>(c: RuntimeCredit<AccountId, Balance>) -> Credit<AccountId> {
	let (reason, dataset) = match c.reason {
		CreditReason::ModelOwner => ("modelOwner", None),
		CreditReason::DepthLimit => ("depthLimit", None),
		CreditReason::NoEligibleDatasets => ("noEligibleDatasets", None),
		CreditReason::DatasetContributor { dataset } => ("datasetContributor", Some(dataset)),
		CreditReason::DatasetOwner { dataset } => ("datasetOwner", Some(dataset)),
		CreditReason::Dust => ("dust", None),
	};
	Credit {
		account: c.account,
		amount: c.amount.to_string(),
		model: c.model,
		reason: reason.into(),
		dataset,
	}
}

/// What one account would be credited by a payment, all reasons together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountTotal<AccountId> {
	pub account: AccountId,
	pub amount: String,
}

/// A dry run of `pay_usage(model, amount)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Breakdown<AccountId> {
	pub model: ModelId,
	pub amount: String,
	/// In the order `pay_usage` would credit (and emit `Credited` for) them: the paid model
	/// first, then depth first through its parents, and a final `dust` credit if any. They
	/// sum to `amount`.
	pub credits: Vec<Credit<AccountId>>,
	/// The same credits summed per account, in the order each account first appears: what
	/// each account's claimable balance would rise by.
	pub per_account: Vec<AccountTotal<AccountId>>,
}

/// What a split error means, as a JSON-RPC error.
pub fn split_error<Balance: ToString>(model: ModelId, e: SplitError<Balance>) -> ErrorObjectOwned {
	match e {
		SplitError::BelowMinimum { minimum } => ErrorObject::owned(
			INVALID_PARAMS_CODE,
			format!("amount is below the minimum usage payment of {} planck", minimum.to_string()),
			None::<()>,
		),
		SplitError::UnknownModel(id) if id == model => error::not_found("model", id),
		SplitError::UnknownModel(id) => ErrorObject::owned(
			error::RUNTIME_ERROR,
			format!("model {model} names ancestor {id}, which the registry does not hold"),
			None::<()>,
		),
		SplitError::TooComplex { max_models, max_datasets } => ErrorObject::owned(
			error::LIMIT_EXCEEDED,
			format!(
				"the lineage of model {model} is over a split's bounds of {max_models} model \
				 visits and {max_datasets} dataset visits"
			),
			None::<()>,
		),
		SplitError::Overflow => ErrorObject::owned(
			error::RUNTIME_ERROR,
			"the split overflowed: the amount is beyond the total issuance".to_string(),
			None::<()>,
		),
	}
}

#[rpc(client, server)]
pub trait RewardsApi<BlockHash, AccountId> {
	/// What `account` may claim with `claim_rewards`, in planck (a decimal string).
	#[method(name = "rewards_claimable")]
	fn claimable(&self, account: AccountId, at: Option<BlockHash>) -> RpcResult<String>;

	/// What every account may claim together, in planck: what the pallet account owes.
	#[method(name = "rewards_totalClaimable")]
	fn total_claimable(&self, at: Option<BlockHash>) -> RpcResult<String>;

	/// The royalty policy `model` splits by: its own, or the chain's default.
	#[method(name = "rewards_royaltyPolicy")]
	fn royalty_policy(&self, model: ModelId, at: Option<BlockHash>) -> RpcResult<Policy>;

	/// Who would be credited what, and why, if `amount` planck were paid for `model`.
	#[method(name = "rewards_breakdown")]
	fn breakdown(
		&self,
		model: ModelId,
		amount: Amount,
		at: Option<BlockHash>,
	) -> RpcResult<Breakdown<AccountId>>;
}

/// Serves `rewards_*` from a client's `RewardsApi`.
pub struct Rewards<C, Block, AccountId, Balance> {
	client: Arc<C>,
	_marker: PhantomData<fn() -> (Block, AccountId, Balance)>,
}

impl<C, Block, AccountId, Balance> Rewards<C, Block, AccountId, Balance> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

impl<C, Block, AccountId, Balance> Rewards<C, Block, AccountId, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RewardsRuntimeApi<Block, AccountId, Balance>,
	AccountId: Codec,
	Balance: Codec,
{
	fn call<R>(
		&self,
		at: Option<Block::Hash>,
		f: impl FnOnce(&C::Api, Block::Hash) -> Result<R, sp_api::ApiError>,
	) -> RpcResult<R> {
		call_at::<Block, C, dyn RewardsRuntimeApi<Block, AccountId, Balance>, R>(
			&*self.client,
			at,
			"RewardsApi",
			f,
		)
	}
}

/// Sums `credits` per account, keeping the order in which accounts first appear.
pub fn per_account<AccountId: PartialEq + Clone, Balance>(
	credits: &[RuntimeCredit<AccountId, Balance>],
) -> Vec<(AccountId, Balance)>
where
	Balance: Copy + sp_runtime::traits::Saturating,
{
	let mut totals: Vec<(AccountId, Balance)> = Vec::new();
	for c in credits {
		match totals.iter_mut().find(|(account, _)| *account == c.account) {
			Some((_, sum)) => *sum = sum.saturating_add(c.amount),
			None => totals.push((c.account.clone(), c.amount)),
		}
	}
	totals
}

impl<C, Block, AccountId, Balance> RewardsApiServer<Block::Hash, AccountId>
	for Rewards<C, Block, AccountId, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RewardsRuntimeApi<Block, AccountId, Balance>,
	AccountId:
		Codec + Clone + PartialEq + Serialize + for<'de> Deserialize<'de> + Send + Sync + 'static,
	Balance: Codec
		+ Copy
		+ ToString
		+ FromStr
		+ From<u64>
		+ sp_runtime::traits::Saturating
		+ Send
		+ Sync
		+ 'static,
{
	fn claimable(&self, account: AccountId, at: Option<Block::Hash>) -> RpcResult<String> {
		self.call(at, |api, at| api.claimable(at, account)).map(|b| b.to_string())
	}

	fn total_claimable(&self, at: Option<Block::Hash>) -> RpcResult<String> {
		self.call(at, |api, at| api.total_claimable(at)).map(|b| b.to_string())
	}

	fn royalty_policy(&self, model: ModelId, at: Option<Block::Hash>) -> RpcResult<Policy> {
		self.call(at, |api, at| api.royalty_policy(at, model))?
			.map(Policy::from)
			.ok_or_else(|| error::not_found("model", model))
	}

	fn breakdown(
		&self,
		model: ModelId,
		amount: Amount,
		at: Option<Block::Hash>,
	) -> RpcResult<Breakdown<AccountId>> {
		let value: Balance = amount.parse()?;
		let credits = self
			.call(at, |api, at| api.breakdown(at, model, value))?
			.map_err(|e| split_error(model, e))?;
		let per_account = per_account(&credits)
			.into_iter()
			.map(|(account, amount)| AccountTotal { account, amount: amount.to_string() })
			.collect();
		Ok(Breakdown {
			model,
			amount: value.to_string(),
			credits: credits.into_iter().map(credit).collect(),
			per_account,
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::Perbill;

	#[test]
	fn amounts_parse_from_decimal_strings_and_small_numbers() {
		assert_eq!(
			Amount::Decimal("1000000000000000000000".into()).parse::<u128>(),
			Ok(10u128.pow(21))
		);
		assert_eq!(Amount::Number(42).parse::<u128>(), Ok(42));
		assert_eq!(Amount::Decimal(" 7 ".into()).parse::<u128>(), Ok(7));
	}

	#[test]
	fn bad_amounts_are_invalid_params_saying_why() {
		for (given, why) in [
			("", "not a non-negative decimal integer"),
			("-5", "not a non-negative decimal integer"),
			("1.5", "not a non-negative decimal integer"),
			("0x10", "not a non-negative decimal integer"),
			("340282366920938463463374607431768211456", "does not fit a balance"),
		] {
			let e = Amount::Decimal(given.into()).parse::<u128>().unwrap_err();
			assert_eq!(e.code(), INVALID_PARAMS_CODE);
			assert!(e.message().contains(why), "{given}: {}", e.message());
			assert!(e.message().contains(&format!("{given:?}")), "{}", e.message());
		}
	}

	#[test]
	fn amounts_deserialize_from_strings_or_numbers() {
		assert_eq!(serde_json::from_str::<Amount>("\"12\"").unwrap(), Amount::Decimal("12".into()));
		assert_eq!(serde_json::from_str::<Amount>("12").unwrap(), Amount::Number(12));
		assert!(serde_json::from_str::<Amount>("-1").is_err());
	}

	#[test]
	fn split_errors_name_the_cause() {
		let e = split_error::<u128>(3, SplitError::BelowMinimum { minimum: 10_000_000_000 });
		assert_eq!(e.code(), INVALID_PARAMS_CODE);
		assert_eq!(e.message(), "amount is below the minimum usage payment of 10000000000 planck");
		let e = split_error::<u128>(3, SplitError::UnknownModel(3));
		assert_eq!((e.code(), e.message()), (error::NOT_FOUND, "unknown model 3"));
		let e = split_error::<u128>(3, SplitError::UnknownModel(1));
		assert_eq!(e.code(), error::RUNTIME_ERROR);
		assert!(e.message().contains("ancestor 1"));
		let e = split_error::<u128>(3, SplitError::TooComplex { max_models: 32, max_datasets: 16 });
		assert_eq!(e.code(), error::LIMIT_EXCEEDED);
		assert!(e.message().contains("32 model visits and 16 dataset visits"), "{}", e.message());
		let e = split_error::<u128>(3, SplitError::Overflow);
		assert_eq!(e.code(), error::RUNTIME_ERROR);
	}

	#[test]
	fn credits_name_their_reason_and_dataset() {
		let c = credit(RuntimeCredit {
			account: 7u64,
			amount: 5u128,
			model: 2,
			reason: CreditReason::DatasetContributor { dataset: 9 },
		});
		assert_eq!(
			serde_json::to_value(&c).unwrap(),
			serde_json::json!({
				"account": 7, "amount": "5", "model": 2,
				"reason": "datasetContributor", "dataset": 9
			})
		);
		let c = credit(RuntimeCredit {
			account: 7u64,
			amount: 1u128,
			model: 2,
			reason: CreditReason::Dust,
		});
		assert_eq!((c.reason.as_str(), c.dataset), ("dust", None));
	}

	#[test]
	fn per_account_sums_in_first_appearance_order() {
		let c = |account: u64, amount: u128| RuntimeCredit {
			account,
			amount,
			model: 0,
			reason: CreditReason::ModelOwner,
		};
		let totals = per_account(&[c(5, 10), c(3, 1), c(5, 2), c(9, 4), c(3, 3)]);
		assert_eq!(totals, vec![(5, 12), (3, 4), (9, 4)]);
	}

	#[test]
	fn policies_show_parts_per_billion_and_the_owner_rest() {
		let p = Policy::from(RoyaltyPolicy {
			parent_share: Perbill::from_percent(10),
			dataset_share: Perbill::from_percent(20),
			min_derivative_share: Perbill::from_percent(5),
		});
		assert_eq!(
			p,
			Policy {
				parent_share_parts_per_billion: 100_000_000,
				dataset_share_parts_per_billion: 200_000_000,
				min_derivative_share_parts_per_billion: 50_000_000,
				owner_share_parts_per_billion: 700_000_000,
			}
		);
	}
}
