import { LeftOutline } from 'antd-mobile-icons';
import { useTx } from '../i18n.js';

/**
 * The phone pages' title bar: the page's name as its heading and, where there is somewhere to go
 * back to, a back button with a name a screen reader says (antd-mobile's NavBar marks its left
 * corner as a nameless button, even when empty).
 */
export function PhoneBar({ title, onBack }: { title: string; onBack?: (() => void) | undefined }) {
  const tx = useTx();
  return (
    <header className="linli-phone-bar">
      {onBack && (
        <button type="button" className="linli-phone-back" onClick={onBack} aria-label={tx('返回', 'Back')}>
          <LeftOutline aria-hidden />
        </button>
      )}
      <h1>{title}</h1>
    </header>
  );
}
