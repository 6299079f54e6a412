/** @odoo-module **/
// A Spanish-speaking customer (es_419) follows the courier pickup of their case:
// the one next step and the shipment's status, in Spanish.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("postventa_es_customer_follows_pickup", {
    steps: () => [
        {
            content: "one next step: have the unit packed for the courier",
            trigger: ".o_case_next_step_courier_pickup:contains('Su próximo paso')",
        },
        {
            trigger:
                ".o_case_next_step_courier_pickup:contains('Tenga la unidad embalada')",
        },
        {trigger: ".o_case_next_step_courier_pickup:contains('Av. 18 de Julio 1234')"},
        {
            content: "the shipment is listed, folded below the next step",
            trigger: ".o_case_shipments summary:contains('Courier')",
        },
        {trigger: "body:not(:has(.o_case_close))"},
    ],
});
