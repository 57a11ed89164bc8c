// Model cards as vendors deliver them, shared by the model-card and failure-modes tests.

/** huggingface_hub's modelcard_template.md rendered with no values: every field at its default. */
export const HF_TEMPLATE_ONLY = `---
library_name: transformers
tags: []
---

# Model Card for Model ID

<!-- Provide a quick summary of what the model is/does. -->

# Model Details

## Model Description

<!-- Provide a longer summary of what this model is. -->

- **Developed by:** [More Information Needed]
- **Shared by [optional]:** [More Information Needed]
- **Model type:** [More Information Needed]
- **Language(s) (NLP):** [More Information Needed]
- **License:** [More Information Needed]
- **Finetuned from model [optional]:** [More Information Needed]

## Model Sources [optional]

- **Repository:** [More Information Needed]
- **Paper [optional]:** [More Information Needed]

# Uses

## Direct Use

<!-- This section is for the model use without fine-tuning or plugging into a larger ecosystem/app. -->

[More Information Needed]

## Downstream Use [optional]

[More Information Needed]

## Out-of-Scope Use

<!-- This section addresses misuse, malicious use, and uses that the model will not work well for. -->

[More Information Needed]

# Bias, Risks, and Limitations

<!-- This section is meant to convey both technical and sociotechnical limitations. -->

[More Information Needed]

## Recommendations

Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model. More information needed for further recommendations.

# Training Details

## Training Data

[More Information Needed]

## Training Procedure [optional]

### Preprocessing

[More Information Needed]

# Evaluation

## Testing Data, Factors & Metrics

### Testing Data

[More Information Needed]

### Metrics

[More Information Needed]

## Results

[More Information Needed]

# Environmental Impact

Carbon emissions can be estimated using the [Machine Learning Impact calculator](https://mlco2.github.io/impact#compute) presented in [Lacoste et al. (2019)](https://arxiv.org/abs/1910.09700).

- **Hardware Type:** [More Information Needed]

# Model Card Authors [optional]

[More Information Needed]

# Model Card Contact

[More Information Needed]

# How to Get Started with the Model

Use the code below to get started with the model.

[More Information Needed]
`;

/** A Mitchell et al. (2019) card in plain Markdown, no front matter. */
export const MITCHELL_CARD = `# Model Card: invoice-fraud-detector v1.3.0

## Model Details

- Developed by the Risk ML team at Ferrous Labs for the accounts-payable platform, released 2025-05-02.
- Model type: XGBoost binary classifier over 85 invoice and supplier features; version 1.3.0.
- Owner after handover: accounts-payable analytics.

## Intended Use

- Primary intended use: rank incoming supplier invoices for manual fraud review before payment.
- Primary intended users: accounts-payable reviewers; a reviewer always makes the final decision.
- Out-of-scope use cases: credit decisions about suppliers, employee expense claims, and any automatic
  payment block without review.

## Factors

Supplier country, invoice currency and supplier age are the groups we evaluate across.

## Metrics

Recall at a 2 % review rate and precision at that rate, because reviewer capacity is fixed.

## Training Data

Invoices from the ERP export (SAP table BSEG) between 2022-01 and 2024-12, 3.4 million invoices from
41,000 suppliers, tracked with DVC as \`data/invoices.parquet\` (revision in \`dvc.lock\`).

## Evaluation Data

Held-out invoices from 2025-01 to 2025-03 (310,000 invoices), never used for tuning.

## Quantitative Analyses

| Slice | Recall @ 2 % | Precision @ 2 % |
|---|---|---|
| All suppliers | 0.81 | 0.34 |
| Suppliers < 90 days old | 0.64 | 0.22 |

## Ethical Considerations

Suppliers from countries with few historical invoices get noisier scores; reviewers see a warning
for suppliers with fewer than 20 past invoices. No personal data of individuals is used as a feature.

## Caveats and Recommendations

- New suppliers (under 90 days) are under-detected: recall 0.64. Review them with the manual checklist.
- Retrain when the ERP migrates to the new chart of accounts; feature codes change.

## Contact

Mara Lindqvist, Risk ML lead — mara.lindqvist@ferrous-labs.example
`;
