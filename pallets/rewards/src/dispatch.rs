//! The bodies of the royalty calls: policies, payments with their entry fees, claims.

use super::*;

impl<T: Config> Pallet<T> {
	/// Raises a model's policy for `who`. See [`Pallet::set_royalty_policy`].
	pub fn do_set_royalty_policy(
		who: &T::AccountId,
		model: ModelId,
		policy: RoyaltyPolicy,
	) -> DispatchResult {
		let owner = T::Models::model_owner(model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(&owner == who, Error::<T>::NotModelOwner);
		ensure!(policy.is_valid(), Error::<T>::InvalidPolicy);
		// The current parent share covers the minimums fixed at registration; a share that
		// never falls keeps covering them.
		ensure!(policy.raises_or_keeps(&Self::policy_of(model)), Error::<T>::ShareLowered);
		Policies::<T>::insert(model, policy);
		Self::deposit_event(Event::RoyaltyPolicySet { model, policy });
		Ok(())
	}

	/// The entry fees paying `credits` would cost: per account in first-seen order, the new
	/// storage entries (its claimable balance, if it has none; each source it has never
	/// earned from) times `EntryFee`. Returns the lines and their total.
	pub(crate) fn entry_fees(
		credits: &[CreditOf<T>],
	) -> Result<(Vec<EntryFeeLine<T::AccountId, BalanceOf<T>>>, BalanceOf<T>), SplitErrorOf<T>> {
		let fee = T::EntryFee::get();
		let mut lines: Vec<EntryFeeLine<T::AccountId, BalanceOf<T>>> = Vec::new();
		let mut seen_accounts: BTreeMap<T::AccountId, usize> = BTreeMap::new();
		let mut seen_sources: alloc::collections::BTreeSet<(T::AccountId, Source)> =
			Default::default();
		for credit in credits {
			let at = match seen_accounts.get(&credit.account) {
				Some(at) => *at,
				None => {
					let at = lines.len();
					let new_claimable = !Claimable::<T>::contains_key(&credit.account);
					lines.push(EntryFeeLine {
						account: credit.account.clone(),
						entries: u32::from(new_claimable),
						amount: Zero::zero(),
					});
					seen_accounts.insert(credit.account.clone(), at);
					at
				},
			};
			if let Some(source) = credit.reason.source(credit.model) {
				let key = (credit.account.clone(), source);
				if !seen_sources.contains(&key) {
					let new_source = !Earnings::<T>::contains_key(&credit.account, source);
					if let Some(line) = lines.get_mut(at) {
						line.entries = line.entries.saturating_add(u32::from(new_source));
					}
					seen_sources.insert(key);
				}
			}
		}
		lines.retain(|line| line.entries > 0);
		let mut total = BalanceOf::<T>::zero();
		for line in &mut lines {
			line.amount = fee.saturating_mul(line.entries.into());
			total = total.checked_add(&line.amount).ok_or(SplitError::Overflow)?;
		}
		Ok((lines, total))
	}

	/// What paying `amount` for `model` now would credit and charge: the split, and the
	/// entry fees on top.
	pub fn quote(model: ModelId, amount: BalanceOf<T>) -> Result<QuoteOf<T>, SplitErrorOf<T>> {
		Self::quote_with_split(model, amount).map(|(quote, _)| quote)
	}

	pub(crate) fn quote_with_split(
		model: ModelId,
		amount: BalanceOf<T>,
	) -> Result<(QuoteOf<T>, SplitOf<T>), SplitErrorOf<T>> {
		let split = Self::split(model, amount)?;
		let (entry_fees, fees) = Self::entry_fees(&split.credits)?;
		let charged = amount.checked_add(&fees).ok_or(SplitError::Overflow)?;
		Ok((PaymentQuote { credits: split.credits.clone(), entry_fees, charged }, split))
	}

	/// Brings the pallet account up to the existential deposit, from `from`, if it is
	/// below it (only on a chain whose genesis did not endow it).
	pub(crate) fn endow_pot(from: &T::AccountId) -> DispatchResult {
		use frame_support::traits::fungible::Inspect;
		let pot = Self::account_id();
		let shortfall = T::Currency::minimum_balance().saturating_sub(T::Currency::balance(&pot));
		if !shortfall.is_zero() {
			T::Currency::transfer(from, &pot, shortfall, Preservation::Preserve)?;
			Self::deposit_event(Event::PotEndowed { from: from.clone(), amount: shortfall });
		}
		Ok(())
	}

	/// Credits a quote whose `charged` is already in the pallet account: the claimable
	/// balances, the per-source earnings and the total, with a `Credited` event per credit
	/// and per entry fee. One claimable write per account.
	pub(crate) fn apply(model: ModelId, quote: &QuoteOf<T>) -> DispatchResult {
		let mut per_account: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut per_source: BTreeMap<(T::AccountId, Source), BalanceOf<T>> = BTreeMap::new();
		for credit in &quote.credits {
			let sum = per_account.entry(credit.account.clone()).or_default();
			*sum = sum.checked_add(&credit.amount).ok_or(Error::<T>::Overflow)?;
			if let Some(source) = credit.reason.source(credit.model) {
				let sum = per_source.entry((credit.account.clone(), source)).or_default();
				*sum = sum.checked_add(&credit.amount).ok_or(Error::<T>::Overflow)?;
			}
		}
		for line in &quote.entry_fees {
			let sum = per_account.entry(line.account.clone()).or_default();
			*sum = sum.checked_add(&line.amount).ok_or(Error::<T>::Overflow)?;
		}
		for (who, credited) in per_account {
			Claimable::<T>::try_mutate(&who, |claimable| -> DispatchResult {
				*claimable = claimable.checked_add(&credited).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
		}
		for ((who, source), earned) in per_source {
			Earnings::<T>::try_mutate(&who, source, |total| -> DispatchResult {
				*total = total.checked_add(&earned).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
		}
		TotalClaimable::<T>::try_mutate(|total| -> DispatchResult {
			*total = total.checked_add(&quote.charged).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})?;
		for Credit { account, amount, model, reason } in quote.credits.iter().cloned() {
			Self::deposit_event(Event::Credited { account, amount, model, reason });
		}
		for line in &quote.entry_fees {
			Self::deposit_event(Event::Credited {
				account: line.account.clone(),
				amount: line.amount,
				model,
				reason: CreditReason::EntryFee,
			});
		}
		Ok(())
	}

	/// Takes `amount` and the entry fees from `payer` for using `model` and credits them;
	/// returns the split. See [`Pallet::pay_usage`]. Runs in its own storage layer, so a
	/// failure writes nothing even when called from outside a dispatchable.
	pub fn do_pay_usage(
		payer: T::AccountId,
		model: ModelId,
		amount: BalanceOf<T>,
	) -> Result<SplitOf<T>, DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			let (quote, split) =
				Self::quote_with_split(model, amount).map_err(Self::split_error)?;
			Self::endow_pot(&payer)?;
			T::Currency::transfer(
				&payer,
				&Self::account_id(),
				quote.charged,
				Preservation::Preserve,
			)?;
			let entry_fees = quote.charged.saturating_sub(amount);
			Self::deposit_event(Event::UsagePaid { model, payer, amount, entry_fees });
			Self::apply(model, &quote)?;
			Ok(split)
		})
	}

	/// Pays `who` their whole claimable balance; returns it. See
	/// [`Pallet::claim_rewards`]. Runs in its own storage layer.
	pub fn do_claim_rewards(who: T::AccountId) -> Result<BalanceOf<T>, DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			let amount = Claimable::<T>::take(&who);
			ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
			// The pallet account keeps its existential deposit: it is never reaped. Every
			// entry is at least `EntryFee`, so a new account is always opened.
			T::Currency::transfer(&Self::account_id(), &who, amount, Preservation::Preserve)?;
			TotalClaimable::<T>::try_mutate(|total| -> DispatchResult {
				*total = total.checked_sub(&amount).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
			Self::deposit_event(Event::RewardsClaimed { who, amount });
			Ok(amount)
		})
	}
}
