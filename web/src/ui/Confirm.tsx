import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './components';

/**
 * A destructive action asked twice, in place: the first press shows "yes, <what>" (focused) and
 * "back". No modal, so nothing traps focus and a screen reader hears the new button at once.
 */
export function Confirm({
  label,
  confirmLabel,
  onConfirm,
  pending,
  small,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  small?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <Button variant="secondary" size={small ? 'small' : undefined} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <span className="row" role="group" aria-label={label}>
      <button
        ref={yes}
        type="button"
        className={`btn btn--danger${small ? ' btn--small' : ''}`}
        disabled={pending}
        onClick={onConfirm}
      >
        {confirmLabel}
      </button>
      <Button variant="tertiary" size={small ? 'small' : undefined} onClick={() => setAsking(false)}>
        {t('actions.back')}
      </Button>
    </span>
  );
}
