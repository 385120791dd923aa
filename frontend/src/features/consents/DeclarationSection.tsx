//! The consent declaration in the consent settings: the version in force (text, version, content
//! hash), publishing a new version after a confirmation, and the earlier versions, each unfoldable.
//! Versions are immutable; consents granted under an earlier one show as "outdated".
import { useState } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextAreaField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { ConsentDeclarationFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { codeOf, fieldErrors, generalMessage, primaryErrorCode } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { textLength } from './consentForm';
import { DECLARATION_MAX, declarationProblem } from './purposeForm';

const ConsentDeclarationsQuery = graphql(`
  query ConsentDeclarations {
    consentDeclarations {
      ...ConsentDeclarationFields
    }
  }
`);

const PublishConsentDeclarationMutation = graphql(`
  mutation PublishConsentDeclaration($text: String!) {
    publishConsentDeclaration(text: $text) {
      ...ConsentDeclarationFields
    }
  }
`);

export function DeclarationSection() {
  const { t } = useI18n();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ConsentDeclarationsQuery });
  const [notice, setNotice] = useState<string | null>(null);
  const versions = [...(data?.consentDeclarations ?? [])].sort((a, b) => b.version - a.version);
  const current = versions.find((d) => d.current) ?? null;
  const earlier = versions.filter((d) => d !== current);
  const listError = primaryErrorCode(error);

  return (
    <section className="card" aria-labelledby="declaration-title">
      <h2 className="card__title" id="declaration-title">
        {t('consentSettings.declaration.title')}
      </h2>
      <p className="muted small">{t('consentSettings.declaration.intro')}</p>
      {notice ? (
        <Banner tone="info" testId="declaration-notice">
          {notice}
        </Banner>
      ) : null}
      {!data && fetching ? <Loading /> : null}
      {!data && listError && !fetching ? (
        <Banner
          action={
            <button
              type="button"
              className="button"
              onClick={() => {
                reexecute({ requestPolicy: 'network-only' });
              }}
            >
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(listError, t)}
        </Banner>
      ) : null}
      {data ? (
        <>
          {current ? <CurrentDeclaration declaration={current} /> : null}
          <DeclarationEditor
            // A newly published version starts the editor over from its text.
            key={current?.id ?? 'none'}
            current={current}
            onPublished={(published) => {
              setNotice(t('consentSettings.declaration.published', { version: published.version }));
            }}
            onEdit={() => {
              setNotice(null);
            }}
          />
          <h3 className="declaration__subtitle">{t('consentSettings.declaration.earlier')}</h3>
          {earlier.length === 0 ? (
            <p className="muted small">{t('consentSettings.declaration.noEarlier')}</p>
          ) : (
            <ul className="declaration-versions">
              {earlier.map((d) => (
                <li key={d.id}>
                  <details className="declaration-version">
                    <summary>
                      <DeclarationMeta declaration={d} />
                    </summary>
                    <div className="declaration__text">{d.text}</div>
                    <p className="small muted">
                      {t('consentSettings.declaration.hash')}: <span className="mono hash">{d.contentHash}</span>
                    </p>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}

function DeclarationMeta({ declaration }: { readonly declaration: ConsentDeclarationFieldsFragment }) {
  const { t, locale } = useI18n();
  const date = formatDateTime(declaration.createdAt, locale);
  return (
    <>
      <span className="strong">{t('consentSettings.declaration.version', { version: declaration.version })}</span>
      <span className="muted">
        {' · '}
        {declaration.createdByName
          ? t('consentSettings.declaration.publishedBy', { date, name: declaration.createdByName })
          : t('consentSettings.declaration.publishedAt', { date })}
      </span>
    </>
  );
}

function CurrentDeclaration({ declaration }: { readonly declaration: ConsentDeclarationFieldsFragment }) {
  const { t } = useI18n();
  return (
    <div className="declaration-current" data-testid="declaration-current">
      <p>
        <DeclarationMeta declaration={declaration} /> <span className="badge badge--neutral">{t('consentSettings.declaration.inForce')}</span>
      </p>
      <div className="declaration__text">{declaration.text}</div>
      <p className="small muted">
        {t('consentSettings.declaration.hash')}: <span className="mono hash">{declaration.contentHash}</span>
      </p>
    </div>
  );
}

interface EditorProps {
  readonly current: ConsentDeclarationFieldsFragment | null;
  readonly onPublished: (declaration: ConsentDeclarationFieldsFragment) => void;
  readonly onEdit: () => void;
}

function DeclarationEditor({ current, onPublished, onEdit }: EditorProps) {
  const { t } = useI18n();
  const [text, setText] = useState(current?.text ?? '');
  const [confirming, setConfirming] = useState(false);
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [{ fetching }, publish] = useMutation(PublishConsentDeclarationMutation);

  const problem = declarationProblem(text, current?.text ?? null, t);
  const length = textLength(text.trim());
  const nextVersion = (current?.version ?? 0) + 1;

  // CONFLICT: the text is the version in force already; BAD_USER_INPUT: empty or too long.
  const conflict = serverError?.graphQLErrors.some((e) => codeOf(e) === 'CONFLICT') ?? false;
  const fieldError = conflict
    ? t('consentSettings.declaration.unchanged')
    : fieldErrors(serverError, t('error.fieldInvalid'))['text'];
  const code = primaryErrorCode(serverError);
  const banner =
    code === null || conflict || fieldError !== undefined
      ? null
      : code === 'FORBIDDEN'
        ? t('consentSettings.noAccess')
        : code === 'BAD_USER_INPUT'
          ? (serverError?.graphQLErrors[0]?.message ?? generalMessage(code, t))
          : generalMessage(code, t);

  const confirm = async () => {
    const result = await publish({ text: text.trim() });
    setConfirming(false);
    if (result.data) {
      setServerError(null);
      onPublished(result.data.publishConsentDeclaration);
    } else if (result.error) {
      setServerError(result.error);
    }
  };

  return (
    <div className="form declaration-editor">
      {banner ? <Banner testId="declaration-error">{banner}</Banner> : null}
      <TextAreaField
        name="text"
        label={t('consentSettings.declaration.newText')}
        hint={
          <>
            {t('consentSettings.declaration.newTextHint')}{' '}
            <span className={length > DECLARATION_MAX ? 'field__error' : undefined}>
              {t('consents.form.counter', { count: length, max: DECLARATION_MAX })}
            </span>
          </>
        }
        rows={10}
        value={text}
        onValue={(v) => {
          setText(v);
          setServerError(null);
          onEdit();
        }}
        error={fieldError}
      />
      <div className="form__actions declaration-editor__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={problem !== null || fetching}
          onClick={() => {
            setConfirming(true);
          }}
        >
          {t('consentSettings.declaration.publish', { version: nextVersion })}
        </button>
        {problem !== null && text.trim() !== '' ? (
          <p className="small muted" aria-live="polite">
            {problem}
          </p>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('consentSettings.declaration.confirmTitle', { version: nextVersion })}
        confirmLabel={t('consentSettings.declaration.confirm')}
        busy={fetching}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setConfirming(false);
        }}
      >
        <p>{t('consentSettings.declaration.confirmBody', { version: nextVersion })}</p>
        <p>{t('consentSettings.declaration.confirmOutdated')}</p>
      </ConfirmDialog>
    </div>
  );
}
