/** @odoo-module **/
// The case form checks the serial against the product's pattern while the
// customer types (and the size of the uploads) before they submit; the server
// checks them again.
// The unit (product, serial, purchase date) is optional for a category that
// needs none, unless the customer names a product or a serial.
import publicWidget from "@web/legacy/js/public/public_widget";
import {rpc} from "@web/core/network/rpc";
import {_t} from "@web/core/l10n/translation";

publicWidget.registry.PostventaCaseForm = publicWidget.Widget.extend({
    selector: ".o_postventa_case_form",
    events: {
        "change select[name='category']": "_onUnitNeeded",
        "change select[name='product_id']": "_onCheckSerial",
        "change input[name='serial']": "_onCheckSerial",
        "input input[name='serial']": "_onTypeSerial",
        "change .o_postventa_upload": "_onCheckUpload",
    },

    start() {
        this._onUnitNeeded();
        return this._super(...arguments);
    },

    _onUnitNeeded() {
        const category = this.el.querySelector("select[name='category']");
        const option = category && category.selectedOptions[0];
        const product = this.el.querySelector("select[name='product_id']");
        const serial = this.el.querySelector("input[name='serial']");
        const needed =
            !option ||
            !option.value ||
            Boolean(option.dataset.requiresUnit) ||
            Boolean(product && product.value) ||
            Boolean(serial && serial.value.trim());
        for (const name of ["product_id", "serial", "purchase_date"]) {
            const input = this.el.querySelector(`[name='${name}']`);
            if (input) {
                input.required = needed;
            }
        }
    },

    _onTypeSerial() {
        // while typing: ask the server once the customer pauses
        clearTimeout(this._serialTimer);
        this._serialTimer = setTimeout(() => this._onCheckSerial(), 300);
    },

    async _onCheckSerial() {
        clearTimeout(this._serialTimer);
        this._onUnitNeeded();
        const product = this.el.querySelector("select[name='product_id']");
        const serial = this.el.querySelector("input[name='serial']");
        const feedback = this.el.querySelector(".o_serial_feedback");
        let message = "";
        const asked = (this._serialAsked = `${product.value}/${serial.value}`);
        if (product.value && serial.value.trim()) {
            const result = await rpc("/my/tickets/serial-check", {
                product_id: parseInt(product.value),
                serial: serial.value,
            });
            message = result.message;
        }
        if (asked !== this._serialAsked) {
            // a later keystroke asked again: its answer counts
            return;
        }
        serial.setCustomValidity(message);
        serial.classList.toggle("is-invalid", Boolean(message));
        feedback.textContent = message;
    },

    _onCheckUpload(ev) {
        const input = ev.currentTarget;
        const maxMb = parseFloat(this.el.dataset.uploadMaxMb);
        const tooBig = [...input.files].find((file) => file.size > maxMb * 1024 * 1024);
        const message = tooBig
            ? _t("%(file)s is too big: files may be up to %(max)s MB.", {
                  file: tooBig.name,
                  max: maxMb,
              })
            : "";
        input.setCustomValidity(message);
        input.classList.toggle("is-invalid", Boolean(message));
        if (message) {
            input.reportValidity();
        }
    },
});
