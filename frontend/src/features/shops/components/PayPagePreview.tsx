import { useTranslation } from "react-i18next";

/**
 * The top of the hosted payment page as the shop's branding makes it: the
 * accent colour's band, the logo, the title and the pay button.
 */
export function PayPagePreview({ accent, logoURL, shop }: { accent: string; logoURL?: string; shop: string }) {
  const { t } = useTranslation();
  const color = /^#[0-9a-fA-F]{6}$/.test(accent) ? accent : "#1F5FAD";
  const logo = /^https?:\/\/\S+$/.test(logoURL ?? "") ? logoURL : undefined;
  return (
    <figure className="paypage-preview" aria-label={t("shops.preview.label")}>
      <div className="pp-card" style={{ borderTopColor: color }}>
        {logo ? <img className="pp-logo" src={logo} alt={shop} /> : null}
        <div className="pp-title">
          {t("shops.preview.title")} – {shop}
        </div>
        <dl className="pp-lines">
          <dt>{t("shops.preview.amount")}</dt>
          <dd className="pp-amount">125.00 CHF</dd>
          <dt>{t("shops.preview.reference")}</dt>
          <dd>Recouvrement-001</dd>
        </dl>
        {/* The page writes the button in white whatever the colour. */}
        <div className="pp-pay" style={{ background: color, color: "#fff" }}>
          {t("shops.preview.pay")} 125.00 CHF
        </div>
      </div>
      <figcaption>{t("shops.preview.caption")}</figcaption>
    </figure>
  );
}
