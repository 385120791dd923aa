//! New order, or edit an order (its date, description, currency, status and lines), in a dialog.
//! The line editor computes net, VAT and totals while typing, rounded exactly as the server does
//! (`lib/money`). Problems found here and the server's field errors (`lines[2].quantity`) are
//! shown at their line and field; a stale edit (CONFLICT on `expectedVersion`) says so and offers
//! to reload.
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { GroupError, SelectField, TextAreaField, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import type { Currency, OrderFieldsFragment, OrderStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { todayIso } from '../../lib/dates';
import { bannerMessage, conflictField, fieldErrors, normalizeField } from '../../lib/errors';
import { CURRENCIES, decimalMark, formatMoney, formatVatRate, VAT_RATES } from '../../lib/money';
import { ORDER_STATUS_COPY, ORDER_STATUSES } from './labels';
import {
  checkOrderForm,
  emptyLine,
  isShownOrderField,
  LINE_FIELDS,
  lineErrorKey,
  liveTotals,
  MAX_LINES,
  newOrderForm,
  orderToForm,
  placeServerErrors,
  vatRateOptions,
  type LineField,
  type LineFormValues,
  type OrderFormValues,
} from './orderForm';

const CreateOrderMutation = graphql(`
  mutation CreateOrder($customerId: ID!, $input: OrderInput!) {
    createOrder(customerId: $customerId, input: $input) {
      ...OrderFields
    }
  }
`);

const UpdateOrderMutation = graphql(`
  mutation UpdateOrder($id: ID!, $expectedVersion: Int!, $input: OrderInput!, $status: OrderStatus!) {
    updateOrder(id: $id, expectedVersion: $expectedVersion, input: $input, status: $status) {
      ...OrderFields
    }
  }
`);

interface Props {
  readonly customerId: string;
  /** The currency of a new order (the customer's usual one). */
  readonly currency: Currency;
  /** The order to edit; absent for a new order. */
  readonly order?: OrderFieldsFragment | undefined;
  readonly onClose: () => void;
  readonly onSaved: (order: OrderFieldsFragment) => void;
  /** After a conflict: close and load the orders again. */
  readonly onReload: () => void;
}

export function OrderFormDialog({ customerId, currency, order, onClose, onSaved, onReload }: Props) {
  const { t, locale } = useI18n();
  const mark = decimalMark(locale);
  const [values, setValues] = useState<OrderFormValues>(() =>
    order ? orderToForm(order, mark) : newOrderForm(currency, todayIso()),
  );
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [sentKeys, setSentKeys] = useState<readonly string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [createState, create] = useMutation(CreateOrderMutation);
  const [updateState, update] = useMutation(UpdateOrderMutation);
  const saving = createState.fetching || updateState.fetching;
  const formRef = useRef<HTMLFormElement>(null);

  // After a failed save, take the user to the first field to fix (or the message at the top).
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else formRef.current?.querySelector<HTMLElement>('[role="alert"]')?.scrollIntoView({ block: 'nearest' });
  }, [attempt]);

  const set = <K extends keyof OrderFormValues>(key: K, value: OrderFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };
  const setLine = (key: string, change: Partial<LineFormValues>) => {
    setValues((v) => ({ ...v, lines: v.lines.map((l) => (l.key === key ? { ...l, ...change } : l)) }));
  };
  const addLine = () => {
    setValues((v) => ({ ...v, lines: [...v.lines, emptyLine()] }));
  };
  const removeLine = (key: string) => {
    setValues((v) => ({ ...v, lines: v.lines.filter((l) => l.key !== key) }));
  };

  const checked = checkOrderForm(values);
  const clientErrors = submitted && !checked.ok ? checked.errors : {};
  const serverErrors = placeServerErrors(fieldErrors(serverError, t('error.fieldInvalid')), sentKeys);
  const errorOf = (field: string): string | undefined => {
    const key = clientErrors[field];
    return key ? t(key) : serverErrors[field];
  };

  const conflict = conflictField(serverError);
  const shown = new Set(
    serverError?.graphQLErrors
      .map((e) => e.extensions['field'])
      .filter((f): f is string => typeof f === 'string')
      .map(normalizeField)
      .filter(isShownOrderField) ?? [],
  );
  const message = conflict !== null ? null : bannerMessage(serverError, t, shown);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!checked.ok) {
      setAttempt((a) => a + 1);
      return;
    }
    setServerError(null);
    setSentKeys(checked.lineKeys);
    const result = order
      ? await update({ id: order.id, expectedVersion: order.version, input: checked.input, status: values.status })
      : await create({ customerId, input: checked.input });
    const saved = result.data ? ('updateOrder' in result.data ? result.data.updateOrder : result.data.createOrder) : null;
    if (saved) {
      onSaved(saved);
      return;
    }
    if (result.error) setServerError(result.error);
    setAttempt((a) => a + 1);
  };

  const live = liveTotals(values.lines);
  const money = (minor: number) => formatMoney(minor, values.currency, locale);
  const statusOptions = ORDER_STATUSES.map((s) => ({ value: s, label: t(ORDER_STATUS_COPY[s].label) }));
  const currencyOptions = CURRENCIES.map((c) => ({ value: c, label: c }));

  return (
    <Dialog
      open
      size="large"
      title={order ? t('orders.form.editTitle', { number: order.number }) : t('orders.form.newTitle')}
      onClose={onClose}
    >
      <form ref={formRef} className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {conflict === 'customerId' ? (
          <Banner testId="conflict">{t('orders.anonymizedConflict')}</Banner>
        ) : conflict !== null ? (
          <Banner
            testId="conflict"
            action={
              <button type="button" className="button" onClick={onReload}>
                {t('common.reload')}
              </button>
            }
          >
            {conflict === 'expectedVersion' ? t('orders.conflict') : t('error.CONFLICT')}
          </Banner>
        ) : null}
        {message ? <Banner testId="form-error">{message}</Banner> : null}

        <div className="grid grid--3">
          <TextField
            name="orderDate"
            type="date"
            label={t('orders.form.orderDate')}
            required
            value={values.orderDate}
            onValue={(v) => {
              set('orderDate', v);
            }}
            error={errorOf('orderDate')}
          />
          <SelectField<Currency>
            name="currency"
            label={t('orders.form.currency')}
            value={values.currency}
            options={currencyOptions}
            onValue={(v) => {
              set('currency', v);
            }}
            error={errorOf('currency')}
          />
          {order ? (
            <SelectField<OrderStatus>
              name="status"
              label={t('orders.form.status')}
              value={values.status}
              options={statusOptions}
              onValue={(v) => {
                set('status', v);
              }}
              error={errorOf('status')}
            />
          ) : null}
        </div>
        <TextAreaField
          name="description"
          label={t('orders.form.description')}
          hint={t('orders.form.descriptionHint')}
          rows={2}
          value={values.description}
          onValue={(v) => {
            set('description', v);
          }}
          error={errorOf('description')}
        />

        <fieldset className="fieldset">
          <legend className="field__label">{t('orders.form.lines')}</legend>
          <p className="field__hint">{t('orders.form.linesHint')}</p>
          <GroupError name="lines" error={errorOf('lines')} />
          <div className="table-scroll">
            <table className="table table--inner line-editor" data-testid="line-editor">
              <thead>
                <tr>
                  <th scope="col">{t('orders.line.description')}</th>
                  <th scope="col" className="line-editor__quantity">
                    {t('orders.line.quantity')}
                  </th>
                  <th scope="col" className="line-editor__price">
                    {t('orders.line.unitPriceIn', { currency: values.currency })}
                  </th>
                  <th scope="col" className="line-editor__vat">
                    {t('orders.line.vatRate')}
                  </th>
                  <th scope="col" className="num num--wide">
                    {t('orders.line.net')}
                  </th>
                  <th scope="col" className="actions">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {values.lines.map((line, index) => (
                  <LineRow
                    key={line.key}
                    line={line}
                    index={index}
                    net={live.lines[line.key]?.net}
                    money={money}
                    errorOf={(field) => errorOf(lineErrorKey(line.key, field))}
                    canRemove={values.lines.length > 1}
                    onChange={(change) => {
                      setLine(line.key, change);
                    }}
                    onRemove={() => {
                      removeLine(line.key);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <button
              type="button"
              className="button button--small"
              onClick={addLine}
              disabled={values.lines.length >= MAX_LINES}
            >
              <span aria-hidden="true">+ </span>
              {t('orders.form.addLine')}
            </button>
          </div>
        </fieldset>

        <dl className="totals" data-testid="order-totals" aria-live="polite">
          <div className="totals__row">
            <dt>{t('orders.totals.net')}</dt>
            <dd data-testid="total-net">{money(live.totals.net)}</dd>
          </div>
          <div className="totals__row">
            <dt>{t('orders.totals.vat')}</dt>
            <dd data-testid="total-vat">{money(live.totals.vat)}</dd>
          </div>
          <div className="totals__row totals__row--total">
            <dt>{t('orders.totals.total')}</dt>
            <dd data-testid="total-total">{money(live.totals.total)}</dd>
          </div>
          {live.incomplete > 0 ? (
            <p className="field__hint">{t('orders.totals.incomplete', { count: live.incomplete })}</p>
          ) : null}
        </dl>

        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? t('common.saving') : order ? t('orders.form.save') : t('orders.form.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface LineRowProps {
  readonly line: LineFormValues;
  readonly index: number;
  readonly net: number | undefined;
  readonly money: (minor: number) => string;
  readonly errorOf: (field: LineField) => string | undefined;
  readonly canRemove: boolean;
  readonly onChange: (change: Partial<LineFormValues>) => void;
  readonly onRemove: () => void;
}

/** One editable line: every input is named "<Field>, line <n>" and described by its error. */
function LineRow({ line, index, net, money, errorOf, canRemove, onChange, onRemove }: LineRowProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const n = index + 1;
  const errors = Object.fromEntries(LINE_FIELDS.map((f) => [f, errorOf(f)])) as Record<LineField, string | undefined>;
  const input = (field: LineField) => ({
    id: `${id}-${field}`,
    name: `lines[${String(index)}].${field}`,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${id}-${field}-error` : undefined,
  });
  const error = (field: LineField) =>
    errors[field] ? (
      <p className="field__error" id={`${id}-${field}-error`} data-testid={`field-error-lines[${String(index)}].${field}`}>
        <span aria-hidden="true">⚠ </span>
        {errors[field]}
      </p>
    ) : null;

  return (
    <tr data-testid="order-line">
      <td>
        <input
          {...input('description')}
          className="input"
          autoComplete="off"
          aria-label={t('orders.line.descriptionOf', { n })}
          value={line.description}
          onChange={(e) => {
            onChange({ description: e.target.value });
          }}
        />
        {error('description')}
      </td>
      <td>
        <input
          {...input('quantity')}
          className="input input--number"
          inputMode="decimal"
          autoComplete="off"
          aria-label={t('orders.line.quantityOf', { n })}
          value={line.quantity}
          onChange={(e) => {
            onChange({ quantity: e.target.value });
          }}
        />
        {error('quantity')}
      </td>
      <td>
        <input
          {...input('unitPrice')}
          className="input input--number"
          inputMode="decimal"
          autoComplete="off"
          placeholder={locale.startsWith('sv') ? '1 499,50' : '1,499.50'}
          aria-label={t('orders.line.unitPriceOf', { n })}
          value={line.unitPrice}
          onChange={(e) => {
            onChange({ unitPrice: e.target.value });
          }}
        />
        {error('unitPrice')}
      </td>
      <td>
        <select
          {...input('vatRate')}
          className="input select"
          aria-label={t('orders.line.vatRateOf', { n })}
          value={String(line.vatRate)}
          onChange={(e) => {
            onChange({ vatRate: Number(e.target.value) });
          }}
        >
          {vatRateOptions(VAT_RATES, line.vatRate).map((rate) => (
            <option key={rate} value={String(rate)}>
              {formatVatRate(rate, locale)}
            </option>
          ))}
        </select>
        {error('vatRate')}
      </td>
      <td className="num nowrap" data-testid="line-net">
        {net === undefined ? <span className="muted">{t('common.notSet')}</span> : money(net)}
      </td>
      <td className="actions">
        <button
          type="button"
          className="button button--small button--danger-outline"
          aria-label={t('orders.form.removeLine', { n })}
          title={t('orders.form.removeLine', { n })}
          disabled={!canRemove}
          onClick={onRemove}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </td>
    </tr>
  );
}
