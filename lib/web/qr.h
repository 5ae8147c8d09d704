/*
 * QR codes drawn by the server as SVG (the otpauth:// URI an authenticator
 * app scans to take a TOTP secret): libqrencode chooses the modules,
 * this file draws them. No outside service sees the secret.
 */
#ifndef PORTAL_QR_H
#define PORTAL_QR_H

struct arena;
struct tvars;

/* An <svg> element (arena) showing text as a QR code (error correction
 * level M, a quiet zone of 4 modules), scaled by its viewBox, with
 * role="img" and label as its aria-label (escaped); NULL if text does
 * not fit in a QR code or libqrencode fails. */
const char	*qr_svg(struct arena *a, const char *text, const char *label);
/* Sets the page value name to qr_svg(text, label) as trusted markup
 * ({{html name}}): the SVG is made here, from our own code only. 0, or
 * -1 (nothing set) if qr_svg failed. */
int		 qr_var(struct tvars *v, struct arena *a, const char *name,
		    const char *text, const char *label);

#endif
