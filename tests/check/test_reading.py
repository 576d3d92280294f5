"""Every construct of issue 9's table, in a document written for the test.

Each entry: a document and the verdicts expected at given lines (``"ok"``, ``"wrong"``,
``"needs-condition"``, ``"unreadable"``, ``"skipped"`` for an item of the report's skipped
list).  The documents are ours; none is copied from the real derivations used to measure.
"""

from __future__ import annotations

import pytest

from derive.check import check_document

SM = "The softmax is $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n"  # line 1
CLOSED = "(-\\sum_{j} \\frac{t_j}{y_j}) \\frac{\\partial y_j}{\\partial z_i}"  # j outside its sum

CONSTRUCTS: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "the Jacobian of whole vectors equals diag(p) - p p^T entry by entry, and a sign slip is "
    "caught": (
        r"Let $\hat{\mathbf y} = \text{softmax}(\mathbf z)$." "\n\n"
        r"$$\frac{\partial \hat{\mathbf y}}{\partial \mathbf z} = \text{diag}(\hat{\mathbf y})"
        r" - \hat{\mathbf y}\hat{\mathbf y}^T$$" "\n\n"
        r"$$\frac{\partial \hat{\mathbf y}}{\partial \mathbf z} = \operatorname{diag}"
        r"(\hat{\mathbf y}) + \hat{\mathbf y}\hat{\mathbf y}^\top$$" "\n",
        [(3, "ok"), (5, "wrong")]),
    "softmax of a layer's vector z_2 is a vector, not a number the same in every entry": (
        r"Let $p_i = e^{z_i}/\sum_k e^{z_k}$ and $L = -\sum_i y_i \log p_i$." "\n\n"
        r"$$\frac{\partial L}{\partial z} = p - y$$" "\n\n"
        r"The second layer: $p=\mathrm{softmax}(z_2)$." "\n",
        [(5, "unreadable")]),
    "a case with a letter label (Case A:, Case B:) holds for the display below it": (
        r"Let $\hat{y}_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}$." "\n\n"
        r"*Case A: $k = y$ (true class):*" "\n\n"
        r"$$\frac{\partial \hat{y}_y}{\partial z_y} = \hat{y}_y (1 - \hat{y}_y)$$" "\n\n"
        r"*Case B: $k \neq y$ (other classes):*" "\n\n"
        r"$$\frac{\partial \hat{y}_y}{\partial z_k} = -\hat{y}_y \hat{y}_k$$" "\n",
        [(5, "ok"), (9, "ok")]),
    "a chain that ends in an example's numbers is the example: its mixed step is not wrong": (
        r"Let $\sigma_i(z) = \frac{e^{z_i}}{\sum_{j=1}^{3} e^{z_j}}$ and take $z = (1, 2, 3)$."
        "\n\n"
        r"$$\sigma_1(z) = \frac{e^1}{\sum_{j=1}^{3} e^{z_j}} = \frac{2.718}{30.193} = 0.090$$"
        "\n\n"
        r"$$\sigma_1(z) = \frac{e^{z_2}}{\sum_{j=1}^{3} e^{z_j}}$$" "\n",
        [(3, "unreadable"), (3, "ok"), (5, "wrong")]),
    "after y = (0, 1) the example's derivatives at literal classes use those targets": (
        r"Let $\sigma_i(z) = \frac{e^{z_i}}{\sum_{j} e^{z_j}}$ and "
        r"$L = -\sum_{i=1}^{n} y_i \log \sigma_i(z)$." "\n\n"
        r"## Example" "\n\n"
        r"Take $y = (0, 1)$. Then" "\n\n"
        r"$$L = - (0 \cdot \log \sigma_1(z) + 1 \cdot \log \sigma_2(z)) = -\log \sigma_2(z)$$"
        "\n\n"
        r"$$\frac{\partial L}{\partial z_1} = \frac{\partial L}{\partial \sigma_2(z)} \cdot "
        r"\frac{\partial \sigma_2(z)}{\partial z_1} = -\frac{1}{\sigma_2(z)} \cdot \sigma_2(z)"
        r" (\delta_{21} - \sigma_1(z)) = \sigma_1(z)$$" "\n\n"
        r"$$\frac{\partial L}{\partial z_2} = \sigma_2(z)$$" "\n",
        [(7, "ok"), (7, "ok"), (9, "ok"), (9, "ok"), (9, "ok"), (11, "wrong")]),
    "a word right before an inline = is its left side (listed), not the chain going on": (
        r"Let $y_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$; the derivative is $y_i(1-y_i)$." "\n\n"
        r"When $y_i = 0.5$: Gradient $= 0.5 \times (1 - 0.5) = 0.25$, the largest value." "\n\n"
        r"$$\frac{\partial y_1}{\partial z_1} = y_1(1-y_1)$$ which then $= y_1 - y_1^2$." "\n",
        [(3, "skipped"), (3, "ok"), (5, "ok"), (5, "ok")]),
    "Chinese words inside a display: a case before a row opens it, a row that names a "
    "formula in words ends the chain, 'let sum = h' names the sum": (
        r"Let $S_i = \frac{e^{f_i}}{\sum_k e^{f_k}}$." "\n\n"
        "$$\n\\begin{flalign}\n\\begin{split}\n"
        r"& 令\sum_{k=1}^{L}e^{f_{k}}=h" "\n\\\\\n"
        r"& 以此为例，\frac{\partial S_i}{\partial f_j}分2种情况:" "\n\\\\\n"
        r"& 1)当i=j时，\frac{\partial S_i}{\partial f_j}=\frac{\partial \frac{e^{f_i}}{h}}"
        r"{\partial f_i}" "\n\\\\\n"
        r"& 其中\frac{\partial h}{\partial f_i}=e^{f_i}," "\n\\\\\n"
        r"&则\frac{\partial S_i}{\partial f_i}=\frac{e^{f_i}*h-e^{f_i} * e^{f_i}}{h^2}="
        r"S_i+{S_i}^2" "\n\\\\\n"
        "\\end{split}&&\n\\end{flalign}\n$$\n",
        [(10, "ok"), (10, "skipped"), (12, "ok"), (14, "ok"), (14, "wrong")]),
    "a case that leads a display (where i = j, …) holds for its chain; a count "
    "glossed in words (C = num classes) is not an unread definition": (
        r"Let $C = \text{num classes}$ and $s_i = \frac{e^{z_i}}{\sum_{j=1}^{C}e^{z_j}}$." "\n\n"
        r"$$ \text{where } i = j, \ \frac{\partial s_i}{\partial z_j} = \frac{\partial s_i}"
        r"{\partial z_i} = s_i(1 - s_i)$$" "\n\n"
        r"$$ \text{where } i \neq j, \ \frac{\partial s_i}{\partial z_j} = s_is_j$$" "\n",
        [(3, "ok"), (3, "ok"), (3, "skipped"), (5, "wrong"), (5, "skipped")]),
    "a derivative by w_i where w is defined with two indices is not decided either way": (
        r"Let $p_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}$, $z_i = \sum_j w_{ij}x_{ij} + b_i$ and "
        r"$L = -\sum_{k=1}^K y_k \log p_k$, with $\sum_k y_k = 1$." "\n\n"
        r"$$\frac{\partial L}{\partial w_i} = (p_i - y_i) x_i$$" "\n\n"
        r"$$\frac{\partial L}{\partial b_i} = p_i + y_i$$" "\n",
        [(3, "unreadable"), (5, "wrong")]),
    "a loss defined anew under a later heading starts a part of its own": (
        r"## Binary" "\n\n"
        r"$Loss = -[y \log \hat{y} + (1-y)\log(1-\hat{y})]$" "\n\n"
        r"## Softmax" "\n\n"
        r"$p_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}$ and $L = -\sum_{k=1}^K y_k \log p_k$." "\n\n"
        r"$$\frac{\partial L}{\partial p_k} = -\frac{y_k}{p_k}$$" "\n\n"
        r"$$\frac{\partial L}{\partial p_k} = \frac{y_k}{p_k}$$" "\n",
        [(9, "ok"), (11, "wrong")]),
    "a list item labelled by its case ('- $i \\neq j$: $A$') holds its formula to that case; "
    "a short line ending in a colon states the case of the display below": (
        r"Let $s_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$. Two cases:" "\n"
        r"- $i = j$: $\frac{\partial s_i}{\partial z_i} = s_i(1 - s_i)$" "\n"
        r"- $i \neq j$: $\frac{\partial s_i}{\partial z_j} = -s_i s_j$" "\n\n"
        r"非对角项（$i \neq j$）：" "\n\n"
        r"$$\frac{\partial s_i}{\partial z_j} = s_i s_j$$" "\n\n"
        r"$i \neq j$ のとき:" "\n\n"
        r"$$\frac{\partial s_i}{\partial z_j} = -s_i s_j$$" "\n",
        [(2, "ok"), (3, "ok"), (7, "wrong"), (11, "ok")]),
    "a row entry that fails only where its letter meets the literal class is not decided "
    "when the diagonal is derived apart; one that fails elsewhere too is wrong": (
        r"Let $y_j = \frac{e^{z_j}}{\sum_k e^{z_k}}$." "\n\n"
        r"$$\frac{\partial y_j}{\partial z_1} = \frac{0 - e^{z_j}e^{z_1}}{(\sum_k e^{z_k})^2}$$"
        "\n\n"
        r"$$\frac{\partial y_j}{\partial z_j} = y_j(1 - y_j)$$" "\n\n"
        r"$$\frac{\partial y_j}{\partial z_1} = y_j y_1$$" "\n",
        [(3, "unreadable"), (5, "ok"), (7, "wrong")]),
    "Sigma_C never defined and dividing e^{Z_i} is the softmax's normaliser": (
        r"Let $\hat{y}_i = \frac{e^{Z_i}}{\sum_{k=1}^C e^{Z_k}}$." "\n\n"
        r"$$\frac{\partial \hat{y}_i}{\partial Z_i} = \frac{e^{Z_i}\Sigma_C - e^{Z_i}e^{Z_i}}"
        r"{\Sigma_C^2} = \frac{e^{Z_i}}{\Sigma_C}(1-\frac{e^{Z_i}}{\Sigma_C})$$" "\n\n"
        r"$$\frac{e^{Z_i}}{\Sigma_C} = \hat{y}_i^2$$" "\n",
        [(3, "ok"), (3, "ok"), (5, "wrong")]),
    "cases rows without & whose condition reads ', if i = j;' inside and after a text": (
        r"Let $p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$." "\n\n"
        r"$$\frac{\partial p_i}{\partial z_j} = \begin{cases} p_i (1 - p_j)   \text{  , if} i = j;"
        "\n" r"\\       -p_i p_j  \text{ , if} i \neq j \end{cases}$$" "\n\n"
        r"$$\frac{\partial p_i}{\partial z_j} = \begin{cases} p_i (1 + p_j)   \text{  , if} i = j;"
        "\n" r"\\       -p_i p_j  \text{ , if} i \neq j \end{cases}$$" "\n",
        [(3, "ok"), (6, "wrong")]),
    "L = -log p_c with the targets stated one-hot at c: a step that does not fix c is "
    "decided with c the hot class": (
        r"Let $p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$ and $\mathcal{L} = -\log(p_c)$, where $c$ "
        r"is the true class." "\n\n"
        r"With one-hot encoding where $y_c = 1$ and $y_i = 0$ for $i \neq c$:" "\n\n"
        r"$$\frac{\partial \mathcal{L}}{\partial z_i} = p_i - y_i$$" "\n\n"
        r"$$\frac{\partial \mathcal{L}}{\partial z_i} = p_i + 1$$" "\n",
        [(5, "needs-condition"), (7, "wrong")]),
    "a letter that names a number in a sigmoid section and the softmax's entries under a "
    "later heading starts a part of its own": (
        r"## Sigmoid" "\n\n"
        r"$$L = -\left[y\ln(a) + (1-y)\ln(1-a)\right], \qquad a = \sigma(z) = \frac{1}{1+e^{-z}}$$"
        "\n\n" r"## Softmax" "\n\n" r"Softmax: $a_i = e^{z_i} / \sum_k e^{z_k}$." "\n\n"
        r"$$\frac{\partial a_i}{\partial z_j} = a_i(\delta_{ij} - a_j)$$" "\n\n"
        r"$$\frac{\partial a_i}{\partial z_j} = a_i(\delta_{ij} + a_j)$$" "\n",
        [(9, "ok"), (11, "wrong")]),
    "a Jacobian matrix whose last row and column are written with size letters m, n": (
        r"Let $\mathbf{y} = \text{softmax}(\mathbf{z})$." "\n\n"
        r"$$\frac{\partial \mathbf{y}}{\partial \mathbf{z}} = \begin{bmatrix}"
        r" \frac{\partial y_1}{\partial z_1} & \cdots & \frac{\partial y_1}{\partial z_n} \\"
        r" \vdots & \ddots & \vdots \\"
        r" \frac{\partial y_m}{\partial z_1} & \cdots & \frac{\partial y_m}{\partial z_n}"
        r" \end{bmatrix}$$" "\n\n"
        r"$$\frac{\partial \mathbf{y}}{\partial \mathbf{z}} = \begin{bmatrix}"
        r" \frac{\partial y_1}{\partial z_1} & \cdots & \frac{\partial y_1}{\partial z_n} \\"
        r" \vdots & \ddots & \vdots \\"
        r" \frac{\partial y_m}{\partial z_1} & \cdots & \frac{\partial y_1}{\partial z_m}"
        r" \end{bmatrix}$$" "\n",
        [(3, "ok"), (5, "wrong")]),
    "a loss over a prediction nobody defines (-sum p_j log p-hat_j) leaves its steps unread, "
    "not wrong on random values": (
        r"$$\mathcal{L} = - \sum_{j=0}^{C-1} p(j) \log \hat{p}(j)$$" "\n\n"
        r"Let $\hat{y}_k = \frac{e^{h_k}}{\sum_m e^{h_m}}$." "\n\n"
        r"$$\frac{\partial \mathcal{L}}{\partial h_j} = \hat{y}_j - y_j$$" "\n",
        [(5, "unreadable")]),
    "y-hat differentiated by the logits while y never is: y-hat is the prediction": (
        r"$$\mathcal{L} = \frac{1}{m}\sum_{i=1}^{m} (y_i - \hat{y}_i)^2$$" "\n\n"
        r"For the softmax: $\frac{\partial \hat{y}_i}{\partial z_j} = \hat{y}_i(\delta_{ij} - "
        r"\hat{y}_j)$ and $\frac{e^{z_i}}{\sum_k e^{z_k}} = \hat{y}_i$." "\n",
        [(3, "ok")]),
    "y-hat = sigma(z) with sigma never defined is not read as the softmax": (
        r"Softmax: $\frac{\partial}{\partial z_i}\frac{e^{z_i}}{\sum_k e^{z_k}} = "
        r"\frac{e^{z_i}}{\sum_k e^{z_k}}(1 - \frac{e^{z_i}}{\sum_k e^{z_k}})$." "\n\n"
        r"If $\hat{y} = \sigma(z)$ and $L = -\sum_i y_i \log \hat{y}_i$, then" "\n\n"
        r"$$\frac{\partial L}{\partial z_i} = \frac{\partial L}{\partial \hat{y}_i} \cdot "
        r"\frac{\partial \hat{y}_i}{\partial z_i}$$" "\n\n"
        r"$$\frac{\partial L}{\partial z_i} = 0$$" "\n",  # not ok by ŷ read as a constant
        [(1, "ok"), (5, "unreadable"), (7, "unreadable")]),
    "a Jacobian times another matrix is not read as a product of entries": (
        r"Let $\mathbf p = \text{softmax}(\mathbf z)$." "\n\n"
        r"$$\frac{\partial \mathbf p}{\partial \mathbf z} = \operatorname{diag}(\mathbf p) W$$"
        "\n",
        [(3, "unreadable")]),
    "the transposed Jacobian times the gradient is the chain rule; y / y-hat of vectors is read "
    "entry by entry": (
        r"Let $\hat{\mathbf y} = \text{softmax}(\mathbf z)$ and "
        r"$L = -\sum_k y_k \log \hat y_k$." "\n\n"
        r"$$\frac{\partial \hat{\mathbf y}}{\partial \mathbf z} = \text{diag}(\hat{\mathbf y})"
        r" - \hat{\mathbf y}\hat{\mathbf y}^T$$" "\n\n"
        r"$$\frac{\partial L}{\partial \mathbf z} = \left(\frac{\partial \hat{\mathbf y}}"
        r"{\partial \mathbf z}\right)^T \frac{\partial L}{\partial \hat{\mathbf y}}$$" "\n\n"
        r"$$\frac{\partial L}{\partial \hat{\mathbf y}} = -\frac{\mathbf y}{\hat{\mathbf y}}$$"
        "\n\n"
        r"$$\frac{\partial L}{\partial \hat{\mathbf y}} = \frac{\mathbf y}{\hat{\mathbf y}}$$"
        "\n\n"
        r"$$\frac{\partial L}{\partial \mathbf z} = \frac{\partial L}{\partial \hat{\mathbf y}}$$"
        "\n",
        [(3, "ok"), (5, "ok"), (7, "ok"), (9, "wrong"), (11, "wrong")]),
    "a vector written by its entries is listed, not a step; a sum inside a tuple is not": (
        "Let $\\mathbf x = \\begin{bmatrix} x_1,\\ x_2,\\ . . . \\ ,\\  x_n \\end{bmatrix}$, "
        "$\\mathbf s( \\mathbf x ) = [s(\\mathbf x)_1, \\dots, s(\\mathbf x)_n]$ and "
        "$y = (y_1 + y_2, y_3)$.\n",
        [(1, "skipped"), (1, "skipped"), (1, "unreadable")]),
    "a value for a function the document never writes is not read; the quotient rule is": (
        "$$ f(x) = \\frac{g(x)}{h(x)} $$\n\n"
        "$$ f'(x) = \\frac{ g'(x)h(x) + g(x)h'(x) }{ h(x)^2 } $$\n\n"
        "$$ \\frac {\\partial g(z_j)}{\\partial z_i} = \\exp^{z_i} $$\n",
        [(3, "wrong"), (5, "unreadable")]),
    "a softmax defined on letters nothing else uses, then derived as p by a": (
        "The softmax is $$S(y_i)=\\frac{e^{y_i}}{\\sum_{j} e^{y_j}}$$\n\n"
        "$$\\frac{\\partial p_i}{\\partial a_j} = \\begin{cases} p_i(1-p_j) & if\\ \\ i=j\\\\ "
        "-p_ip_j & if\\ \\ i\\not=j \\end{cases}$$\n\n"
        "$$\\frac{\\partial p_i}{\\partial a_j} = -p_j^2$$\n",
        [(3, "ok"), (5, "wrong")]),
    "a loss written as a function of the vector its formula sums over defines the loss": (
        "Let $\\mathbf{p} = \\text{softmax}(\\mathbf{x})$ and $L(\\mathbf{p}) = - \\sum_i y_i "
        "\\log p_i$ with one-hot $y$.\n\n$$\\frac{\\partial L}{\\partial x_i} = p_i - y_i$$\n\n"
        "$$\\frac{\\partial L}{\\partial \\mathbf{x}} = \\mathbf{y} - \\mathbf{p}$$\n",
        [(3, "needs-condition"), (5, "wrong")]),
    "a scalar never defined is not a constant when differentiated by the logits": (
        "Let $p_i = \\frac{e^{x_i}}{\\sum_k e^{x_k}}$ be the softmax and $L(p) = -\\log p_c$.\n\n"
        "$$\\frac{\\partial L}{\\partial x_i} = 0$$\n\n"
        "$$\\frac{\\partial L}{\\partial x_i} = p_i - y_i$$\n",
        [(3, "unreadable"), (5, "unreadable")]),
    "a loss named the cross-entropy in prose only is -Σ t log y": (
        "We use the softmax $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ with the cross-entropy loss "
        "$L$ and one-hot labels $y$.\n\n$$\\frac{\\partial L}{\\partial z_i} = p_i - y_i$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_i} = y_i - p_i$$\n",
        [(3, "needs-condition"), (5, "wrong")]),
    "a loss named the binary cross-entropy in prose is not read as the softmax's": (
        "We use the softmax $p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ with the binary cross-entropy "
        "loss $L$ and labels $y$.\n\n$$\\frac{\\partial L}{\\partial z_i} = p_i - y_i$$\n",
        [(3, "unreadable")]),
    "a vector equation by logits used only inside softmax(z) is read entry by entry": (
        "Let $\\hat{y} = \\text{softmax}(z)$ and $L = -\\sum_i y_i \\log \\hat{y}_i$.\n\n"
        "$$\\frac{\\partial L}{\\partial z} = \\hat{y} - y$$\n\n"
        "$$\\nabla_z L = y - \\hat{y}$$\n\n"
        "$$\\frac{\\partial L}{\\partial z} = \\hat{y} y$$\n",
        [(3, "needs-condition"), (5, "wrong"), (7, "unreadable")]),
    "the largest logit as a shift, z_{\\text{max}} = \\max_k z_k named, not a step": (
        "$$p_i = \\frac{e^{z_i - z_{\\text{max}}}}{\\sum_k e^{z_k - z_{\\text{max}}}}$$ where "
        "$z_{\\max} = \\max_k z_k$.\n\n"
        "$$\\frac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} - p_j)$$\n\n"
        "$$\\frac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} + p_j)$$\n",
        [(1, "skipped"), (3, "ok"), (5, "wrong")]),
    "three names for the class count, each only a sum's bound": (
        "$$S_i = \\frac{e^{z_i}}{\\sum^K_{l=1} e^{z_l}}$$\n\n"
        "$$a_i = \\frac{e^{z_i}}{\\sum_{k=1}^n e^{z_k}}$$\n\n"
        "$$\\sum_{k=1}^N a_k = 1 = \\sum_{k=1}^n a_k^2$$\n",
        [(5, "ok"), (5, "wrong")]),
    "a prime on a bracket, by the chain's variable; a case whose colon is inside the math": (
        SM + "If $$i=j:$$\n$$\\frac{\\partial y_i}{\\partial z_j} = \\left(\\frac{e^{z_j}}"
        "{\\sum_k e^{z_k}}\\right)^{\\prime} = y_j (1 - y_j)$$\n\nif $$i \\neq j:$$\n"
        "$$\\frac{\\partial y_i}{\\partial z_j} = \\left(\\frac{e^{z_i}}{\\sum_k e^{z_k}}"
        "\\right)^{\\prime} = y_i y_j$$\n",
        [(4, "ok"), (4, "ok"), (7, "ok"), (7, "wrong")]),
    "a loss defined as a function J(z) is not a generic loss where used bare": (
        SM + "$$J(z) = -\\log\\sigma_c(z)$$\n\n"
        "$$\\frac{\\partial J}{\\partial z_i} = \\frac{\\partial J}{\\partial y_c}"
        "\\frac{\\partial y_c}{\\partial z_i}$$\n",
        [(5, "unreadable")]),
    "the quotient rule's g(x), h(x) beside entries g_i, h_i of the same letters": (
        "$$f(x) = {g(x) \\over h(x)} \\Rightarrow f'(x) = {g'(x)h(x) - g(x)h'(x) \\over h(x)^2}$$"
        "\n\n$$f(x) = {g(x) \\over h(x)} \\Rightarrow f'(x) = {g'(x)h(x) + g(x)h'(x) \\over "
        "h(x)^2}$$\n\nwhere $g_i = e^{a_i}$ and $h_i = \\sum_{k=1}^N e^{a_k}$.\n",
        [(1, "ok"), (3, "wrong")]),
    "a prime on g(x) = e^{a_i} is by the entry its chain differentiates by": (
        "Let $S_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}$ and $g(x) = e^{a_i}$.\n\n"
        "$$g'(x) = \\frac{\\partial}{\\partial a_j} e^{a_i} = \\delta_{ij} e^{a_i}$$\n\n"
        "$$g'(x) = \\frac{\\partial}{\\partial a_j} e^{a_i} = e^{a_i}$$\n",
        [(3, "ok"), (3, "ok"), (5, "ok"), (5, "wrong")]),
    "a second name for the softmax, differentiated by its logits": (
        "Let $S_j = \\frac{e^{a_j}}{\\sum_k e^{a_k}}$.\n\n"
        "$$-\\sum_k y_k \\frac{1}{p_k} \\frac{\\partial p_k}{\\partial a_i} = "
        "-y_i (1 - p_i) + \\sum_{k \\neq i} y_k p_i = "
        "-y_i (1 + p_i) + \\sum_{k \\neq i} y_k p_i$$\n",
        [(3, "ok"), (3, "wrong")]),
    "the weights of a log of the softmax are the targets (Y, no loss defined)": (
        SM + "$$\\frac{\\partial}{\\partial z_i}\\left(-\\sum_k Y_k \\log y_k\\right) = "
        "y_i \\sum_k Y_k - Y_i = y_i - Y_i$$\n",
        [(3, "ok"), (3, "needs-condition")]),
    "an off-diagonal derivation beside a diagonal one: i != j meant, not said": (
        SM + "$$\\frac{\\partial y_j}{\\partial z_i} = -y_j y_i$$\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i)$$\n\n"
        "$$\\frac{\\partial y_j}{\\partial z_i} = y_j y_i$$\n",
        [(3, "unreadable"), (5, "ok"), (7, "wrong")]),
    "an off-diagonal claim alone is judged as written": (
        SM + "$$\\frac{\\partial y_j}{\\partial z_i} = -y_j y_i$$\n", [(3, "wrong")]),
    "classes numbered from 0 to K-1": (
        "$$y_k = \\frac{e^{z_k}}{\\sum_{j=0}^{K-1} e^{z_j}}$$\n\n"
        "$$\\frac{\\partial y_0}{\\partial z_0} = y_0(1-y_0)$$\n\n"
        "$$\\frac{\\partial y_0}{\\partial z_1} = -y_0 y_1 = y_0 y_1$$\n\n"
        "$$\\sum_{k=0}^{K-1} y_k = 1 = \\sum_{k=0}^{K-1} y_k^2$$\n",
        [(3, "ok"), (5, "ok"), (5, "wrong"), (7, "ok"), (7, "wrong")]),
    "classes numbered from 0 to n: n is the last class": (
        "$$y_i = \\frac{e^{z_i}}{\\sum_{j=0}^{n} e^{z_j}}$$\n\n"
        "$$\\frac{\\partial y_0}{\\partial z_n} = -y_0 y_n = y_0 y_n$$\n\n"
        "$$\\sum_{j=0}^{n} y_j = 1 = \\sum_{j=0}^{n} y_j^2$$\n",
        [(3, "ok"), (3, "wrong"), (5, "ok"), (5, "wrong")]),
    "a sum from 0 to n in the definition, from 1 to n in the steps: one sum": (
        "$$y_i = \\frac{e^{z_i}}{\\sum_{j=0}^{n} e^{z_j}}$$\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_i} = \\frac{e^{z_i}\\sum_{l=1}^{n} e^{z_l} - "
        "e^{z_i}e^{z_i}}{(\\sum_{l=1}^{n} e^{z_l})^2} = y_i(1+y_i)$$\n",
        [(3, "ok"), (3, "wrong")]),
    "a chain that equates the sum from 0 with the sum from 1 is not read as one sum": (
        "$$y_i = \\frac{e^{z_i}}{\\sum_{j=0}^{n} e^{z_j}}$$\n\n"
        "$$\\sum_{j=0}^{n} e^{z_j} = \\sum_{j=1}^{n} e^{z_j}$$\n",
        [(3, "unreadable")]),
    "dF/dx of a function F(x) defined by a formula is F'(x)": (
        "Let $F(x) = \\log(x)$. Then $\\frac{dF}{dx} = \\frac{1}{x}$ and "
        "$\\frac{\\partial F}{\\partial x} = \\frac{1}{x^2}$.\n",
        [(1, "ok"), (1, "wrong"), (1, "skipped")]),
    "cases of a one-hot gradient: the hot class as a row condition": (
        "Let $s = \\text{softmax}(x)$ and $L = -\\sum_i y_i \\log s_i$, where $y$ is one-hot: "
        "$y_k = 1$.\n\n"
        "So $\\frac{\\partial L}{\\partial x_j} = \\begin{cases} s_k - 1 & (j = k) \\\\ s_j & "
        "(j \\neq k) \\end{cases}$.\n\n"
        "So $\\frac{\\partial L}{\\partial x_j} = \\begin{cases} s_k + 1 & (j = k) \\\\ s_j & "
        "(j \\neq k) \\end{cases}$.\n",
        [(3, "needs-condition"), (5, "wrong")]),
    "a value in a 'when' clause and a value at an example's decimals are not identities": (
        SM + "The slope $y_1(1 - y_1)$ peaks when $y_1 = 1/2$.\n\n"
        "With $y = [0.5, 0.3, 0.2]$: $\\frac{\\partial y_1}{\\partial z_1} = 0.5 \\times (1 - 0.5) "
        "= 0.35$ and $\\frac{\\partial y_1}{\\partial z_1} = y_1 - y_1^2 = 0.25$.\n",
        [(3, "skipped"), (5, "skipped"), (5, "wrong"), (5, "ok"), (5, "skipped")]),
    "a case written in the subscript of the variable: z_{j \\neq i} is z_j where j != i": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_{j \\neq i}} = -y_i y_j$$\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_{j \\neq i}} = y_i y_j$$\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_{j=i}} = y_i (1 - y_i)$$\n",
        [(3, "ok"), (5, "wrong"), (7, "ok")]),
    "a column of gradients by the whole vector equated with the Jacobian is not read": (
        SM + "$$\\begin{bmatrix} \\frac{\\partial y_1}{\\partial \\mathbf{z}} \\\\ "
        "\\frac{\\partial y_2}{\\partial \\mathbf{z}} \\end{bmatrix} = \\begin{bmatrix} "
        "\\frac{\\partial y_1}{\\partial z_1} & \\frac{\\partial y_1}{\\partial z_2} \\\\ "
        "\\frac{\\partial y_2}{\\partial z_1} & \\frac{\\partial y_2}{\\partial z_2} "
        "\\end{bmatrix}$$\n",
        [(3, "unreadable")]),
    "a class count with a label (n_1) and a value's set after the definition": (
        "$$\\sigma(\\mathbf{z})_{q} = \\frac{\\exp (z_{q})}{\\sum_{k=1}^{n_{1}} \\exp (z_{k})} "
        "\\in \\mathbb{R}^{+}$$\n\n"
        "$$\\sum_{q=1}^{n_1} \\sigma(\\mathbf{z})_{q} = 1 = \\sigma(\\mathbf{z})_{n_1}$$\n",
        [(3, "ok"), (3, "wrong")]),
    "one name with one index and with two: not read, never a crash": (
        "The softmax is $\\sigma_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and "
        "$L = -\\sum_k t_k \\log \\sigma_k$.\n\n"
        "$$\\frac{\\partial L}{\\partial \\sigma_{pq}} = -\\frac{t_q}{\\sigma_{pq}}$$\n",
        [(3, "unreadable")]),
    "arrows of maps and limits, and case conditions typed in \\text, are listed": (
        SM + "The softmax maps $\\mathbb{R}^K \\rightarrow \\mathbb{R}^K$; the loss grows as "
        "$y_k \\to 0$.\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_j} = \\begin{cases} - y_i y_j, & \\text {i $\\neq$ j} "
        "\\\\ y_i - y_i^2, & \\text{i = j} \\end{cases}$$\n",
        [(3, "skipped"), (3, "skipped"), (5, "ok"), (5, "skipped"), (5, "skipped")]),
    "one-hot said in words, no class named: a one-case step is wrong, unread in a split chain": (
        "Let $p_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}$ and $E = -\\sum_k y_k \\log p_k$. The "
        "target $y$ can only be 1 for the true class and 0 otherwise.\n\n"
        "$$\\frac{\\partial E}{\\partial a_c} = -(1 - p_c) = p_c - 1 \\text{ or } p_c "
        "= p_c - 0 = p_c - y_c$$\n\n"
        "$$\\frac{\\partial E}{\\partial a_c} = p_c - 1$$\n\n"
        "$$\\frac{\\partial E}{\\partial a_c} = p_c + 1$$\n\n"
        "$$\\frac{\\partial E}{\\partial a_c} = p_c - y_c$$\n",
        [(3, "unreadable"), (3, "unreadable"), (5, "wrong"), (7, "wrong"),
         (9, "needs-condition")]),
    "an arbitrary vector no derivative touches is an input; a claim false for it is unread": (
        "The softmax is $s_i = \\frac{e^{x_i}}{\\sum_k e^{x_k}}$ and the loss "
        "$L = -\\sum_k t_k \\log s_k$.\n\n"
        "$$\\sum_{i,j} v_i (s_i \\delta_{ij} - s_i s_j) v_j = \\sum_i s_i v_i^2 - "
        "(\\sum_i s_i v_i)^2$$\n\n"
        "$$\\sum_{i,j} v_i (s_i \\delta_{ij} - s_i s_j) v_j = \\sum_i s_i v_i^2 + "
        "(\\sum_i s_i v_i)^2$$\n\n"
        "$$\\frac{\\partial (\\sum_i w_i s_i)}{\\partial x_j} = w_j s_j$$\n\n"
        "It is zero only for a constant vector ($v_1 = \\cdots = v_K$).\n",
        [(3, "ok"), (5, "unreadable"), (7, "unreadable"), (9, "skipped"), (9, "skipped")]),
    "a Jacobian named J in matrix form is checked against dy_i/dz_j": (
        SM + "The Jacobian is $\\mathbf{J} = \\mathrm{diag}(\\mathbf{y}) - "
        "\\mathbf{y}\\mathbf{y}^T$.\n", [(3, "ok")]),
    "a Jacobian named J that is not the softmax's Jacobian is flagged": (
        SM + "The Jacobian is $J = \\mathrm{diag}(y) + y y^T$.\n", [(3, "wrong")]),
    "the chain rule through a whole vector y: dL/dy dy/dz_j is the sum over y's entries": (
        SM + "$$\\frac{\\partial L}{\\partial z_j} = \\frac{\\partial L}{\\partial y} "
        "\\frac{\\partial y}{\\partial z_j} = \\sum_{i} \\frac{\\partial L}{\\partial y_i} "
        "y_i (\\delta_{ij} - y_j)$$\n\n"
        "$$\\frac{\\partial L}{\\partial y} \\frac{\\partial y}{\\partial z_j} = "
        "\\frac{\\partial L}{\\partial y_j} y_j (1 - y_j)$$\n",
        [(3, "ok"), (3, "ok"), (5, "wrong")]),
    "a Jacobian J_x(s) written as matrices 1, 2, …, n (n the last class), a slip flagged": (
        "$$s_i = \\frac{e^{x_i}}{\\sum_k e^{x_k}}$$\n\n"
        "$$ \\mathbf{J}_\\mathbf{x}(\\mathbf{s})= \\begin{bmatrix} "
        "\\frac{\\partial s_1}{\\partial x_1} & \\dots & \\frac{\\partial s_1}{\\partial x_n} "
        "\\\\ \\dots & \\dots & \\dots \\\\ "
        "\\frac{\\partial s_n}{\\partial x_1} & \\dots & \\frac{\\partial s_n}{\\partial x_n} "
        "\\end{bmatrix} $$\n\n"
        "$$ \\mathbf{J}_\\mathbf{x}(\\mathbf{s})= \\begin{bmatrix} s_1 - s_1^2 & \\dots & "
        "-s_1 s_n \\\\ \\dots & \\dots & \\dots \\\\ s_n s_1 & \\dots & s_n - s_n^2 "
        "\\end{bmatrix}    (1)$$\n",
        [(5, "wrong")]),
    "two cases in one sentence, each after its own inline formula": (
        SM + "It is $\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$ if $i = j$, and "
        "$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$ if $i \\ne j$.\n\n"
        "It is $\\frac{\\partial y_i}{\\partial z_j} = y_i (1 + y_i)$ if $i = j$.\n",
        [(3, "ok"), (3, "ok"), (5, "wrong")]),
    "a target's value stated on the line holds for the steps on that line": (
        SM + "For class 1: $t_1 = 0$, so $y_1 - t_1 = y_1$.\n\n"
        "For class 2: $t_2 = 0$, so $y_2 - t_2 = y_2 + 1$.\n\n"
        "For class 3: $y_3 - t_3 = y_3$.\n",
        [(3, "ok"), (5, "wrong"), (7, "wrong")]),
    "a definition given again with := before any use replaces the first": (
        "One way: $$q_i := \\frac{z_i}{\\sum_k {z}_k}$$\n\n"
        "Instead: $$q_i := \\frac{\\exp(z_i)}{\\sum_k \\exp{z}_k}$$\n\n"
        "$$\\frac{\\partial q_i}{\\partial z_i} = q_i (1 - q_i) = q_i + 1$$\n",
        [(1, "skipped"), (5, "ok"), (5, "wrong")]),
    "a loss written C(z) with z the logits vector, and a case numbered in math (case $1$: …)": (
        SM + "$$C(z) = -\\ln(y_c)$$\n\n"
        "First consider case $1$: $i = c$.\n\n"
        "$$\\frac{\\partial C}{\\partial z_i} = \\frac{\\partial C}{\\partial z_c} = y_c - 1$$\n\n"
        "Then case $2$: $i \\neq c$.\n\n"
        "$$\\frac{\\partial C}{\\partial z_i} = y_c$$\n",
        [(7, "ok"), (7, "ok"), (11, "wrong")]),
    "a word as the subscript (y_{true}) names the correct class; beside a numbered class not": (
        SM + "$$L = -\\log(y_{true})$$\n\n"
        "$$\\frac{\\partial L}{\\partial y_{true}} = \\frac{-1}{y_{true}}$$\n\n"
        "$$\\frac{\\partial L}{\\partial y_{true}} = \\frac{1}{y_{true}}$$\n\n"
        "$$y_3 - 1 = y_{true} - 1$$\n\n"
        "For every incorrect class ($i \\neq true$):\n\n"
        "$$\\frac{\\partial y_{true}}{\\partial z_i} = -y_{true} y_i$$\n",
        [(5, "ok"), (7, "wrong"), (9, "unreadable"), (13, "ok")]),
    "a derivative by the targets is not read (dL/dt_k = 0 is false, never proven)": (
        SM + "The loss is $L = -\\sum_k t_k \\log y_k$.\n\n"
        "$$\\frac{\\partial L}{\\partial t_k} = 0$$\n",
        [(5, "unreadable")]),
    "list items inside a case keep the case (f = …, f' = …)": (
        SM + "**Case 2: $i \\neq k$**\n\n"
        "The numerator is constant in $z_i$ ($i \\neq k$), so:\n\n"
        "- $f = e^{z_k}$, $f' = 0$\n"
        "- $g = \\sum_j e^{z_j}$, $g' = e^{z_i}$\n\n"
        "$$\\frac{\\partial y_k}{\\partial z_i} = "
        "\\frac{0 - e^{z_k} e^{z_i}}{(\\sum_j e^{z_j})^2}$$\n",
        [(10, "ok")]),
    "S = softmax(Z) with the entries written s_i, z_i: one vector each": (
        "Let $S = \\text{softmax}(Z)$.\n\n"
        "$$\\frac{\\partial}{\\partial z_j} [e^{z_j}] = e^{z_j}$$\n\n"
        "$$\\frac{\\partial s_i}{\\partial z_j} = s_i (\\delta_{ij} - s_j) = s_i (1 - s_j)$$\n",
        [(3, "ok"), (5, "ok"), (5, "wrong")]),
    "a relation written inside \\text{…} after a formula is listed as a remark": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i) \\qquad "
        "\\text{(eq. 2 = eq. 1)}$$\n",
        [(3, "ok"), (3, "skipped")]),
    "the softmax written as a function of the class, pi(v), is the entry pi_v": (
        "$$\\pi(v)=\\frac{e^{z_v}}{\\sum_u e^{z_u}}$$\n\n"
        "$$\\frac{\\partial\\log\\pi(v)}{\\partial z_k}=\\delta_{vk}-\\pi(k)$$\n\n"
        "$$\\frac{\\partial \\pi(v)}{\\partial z_k} = \\pi(v) + 1$$\n",
        [(3, "ok"), (5, "wrong")]),
    "a loss that leaves its class letter open is read in the case that names it": (
        SM + "$$C = -\\ln(y_c)$$\n\n"
        "Case $2$: $i \\neq c$.\n\n"
        "$$\\frac{\\partial C}{\\partial z_i} = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n"
        "$$\\frac{\\partial C}{\\partial z_i} = y_i - 1$$\n\n"
        "## Without a case\n\n$$\\frac{\\partial C}{\\partial z_i} = y_i$$\n",
        [(7, "ok"), (9, "wrong"), (13, "unreadable")]),
    "a scalar written as a function of the vector, g(z) = Σ e^{z_c}, is g wherever g(z) stands": (
        SM + "Let $g(z) = \\sum_c e^{z_c}$ and $S = g(z)$.\n\n"
        "$$y_i = \\frac{e^{z_i}}{S} = \\frac{e^{z_i}}{g(z)} = \\frac{e^{z_i}}{g(z)^2}$$\n",
        [(5, "ok"), (5, "ok"), (5, "wrong")]),
    "a name introduced through a call nobody defines is the formula it ends with": (
        SM + "Let $S = h(z) = \\sum_c e^{z_c}$.\n\n"
        "$$y_i = \\frac{e^{z_i}}{S} = \\frac{e^{z_i}}{S^2}$$\n",
        [(3, "skipped"), (3, "unreadable"), (5, "ok"), (5, "wrong")]),
    "a layer's error Delta_j^L (a greek name with the layer superscript)": (
        "$$a_i^L = \\frac{e^{z_i^L}}{\\sum_k e^{z_k^L}}$$ and "
        "$$C = -\\sum_{k} y_k \\log(a_k)$$\n\n"
        "$$\\Delta_j^L = \\frac{\\partial C}{\\partial z_j^L} = "
        "\\sum_{i} -y_i (\\delta_{ij} - a_j^L)"
        " = \\sum_{i} y_i (\\delta_{ij} - a_j^L)$$\n",
        [(3, "ok"), (3, "wrong")]),
    "a loss restated in a later section in its one-hot form agrees (the one-hot is stated)": (
        SM + "The loss is $L = -\\sum_k t_k \\log y_k$, with one-hot targets $t$.\n\n"
        "## One-hot\n\n$$L = -\\log(y_{true})$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_j} = y_j - t_j$$\n",
        [(7, "needs-condition"), (9, "needs-condition")]),
    "two cases in one sentence, each before its own inline formula": (
        SM + "When $i = j$, we have $\\partial y_i / \\partial z_j = y_i (1 - y_i)$ and when "
        "$i \\not= j$, we have $\\partial y_i / \\partial z_j = - y_i y_j$.\n\n"
        "When $i = j$, we have $\\partial y_i / \\partial z_j = - y_i y_j$ and when "
        "$i \\not= j$, we have $\\partial y_i / \\partial z_j = y_i (1 - y_i)$.\n\n"
        "For $i = j$ or $i = k$ we have $\\partial y_i / \\partial z_j = y_i (1 - y_i)$.\n",
        [(3, "ok"), (3, "ok"), (5, "wrong"), (5, "wrong"), (7, "wrong")]),
    "an operator before a product: decided only when both readings agree": (
        "Let $p_j = \\frac{\\exp(a_j)}{\\sum_k \\exp(a_k)}$.\n\n"
        "$$\\frac{\\partial}{\\partial a_j} \\exp(a_j) \\left(\\sum_k \\exp(a_k)\\right)^{-1} = "
        "p_j - p_j^2 = p_j + p_j^2$$\n\n"
        "$$\\frac{\\partial}{\\partial a_j} \\exp(a_j) t_j = t_j \\exp(a_j) = 2 t_j \\exp(a_j)$$\n",
        [(3, "unreadable"), (3, "wrong"), (5, "ok"), (5, "wrong")]),
    "classes named by letters a, b, c; a sum of e^z without its index": (
        "Let $o_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}$. With three classes $a, b, c$:\n\n"
        "$$o_b = \\frac{e^{z_b}}{\\sum e^{z}} = \\frac{e^{z_b}}{e^{z_a}+e^{z_b}+e^{z_c}} = "
        "\\frac{e^{z_a}}{e^{z_a}+e^{z_b}+e^{z_c}}$$\n",
        [(3, "ok"), (3, "ok"), (3, "wrong")]),
    "a function letter defined anew for another example": (
        "$f(x) = \\ln(x)$\n\n$f'(x) = \\frac{1}{x}$\n\n$f(x) = 3 \\ln(x)$\n\n"
        "$f'(x) = \\frac{3}{x}$\n\n$f'(x) = \\frac{1}{x}$\n",
        [(3, "ok"), (7, "ok"), (9, "wrong")]),
    "softmax defined as a function of z, applied to a": (
        "$$\\sigma(\\mathbf{z})_i = \\frac{e^{z_i}}{\\sum_{j=1}^K e^{z_j}}$$\n\n"
        "$$\\frac{\\partial[\\sigma(\\mathbf{a})]_i}{\\partial a_j} = \\sigma_i(\\delta_{ij} - "
        "\\sigma_j) = \\sigma_i(\\delta_{ij} + \\sigma_j)$$\n",
        [(3, "ok"), (3, "wrong")]),
    "two definitions in one formula, a name given to the sum at the end": (
        "Let $g_i = e^{a_i}, h = \\sum_k e^{a_k} = \\Sigma$ and $y_i = g_i / h$.\n\n"
        "$$\\frac{\\partial y_i}{\\partial a_i} = \\frac{e^{a_i}\\Sigma - e^{a_i}e^{a_i}}"
        "{\\Sigma^2} = \\frac{e^{a_i}\\Sigma + e^{a_i}e^{a_i}}{\\Sigma^2}$$\n",
        [(3, "ok"), (3, "wrong")]),
    "an equation environment inside a paragraph of Markdown (MathJax reads it)": (
        "The softmax is\n\\begin{equation} p_j = \\frac{e^{o_j}}{\\sum_k e^{o_k}} \\end{equation}"
        "\nand its derivative\n\\begin{equation} \\frac{\\partial p_j}{\\partial o_j} = "
        "p_j(1 - p_j) = p_j(1 + p_j) \\end{equation}\n",
        [(4, "ok"), (4, "wrong")]),
    "the gradient written with nabla, read entry by entry": (
        SM + "Let $L = -\\sum_k t_k \\log y_k$.\n\n$$\\nabla_z L = \\frac{\\partial L}"
        "{\\partial z} = -\\frac{\\partial}{\\partial z} \\sum_k t_k \\log y_k = "
        "\\frac{\\partial}{\\partial z} \\sum_k t_k \\log y_k$$\n\n"
        "$$\\nabla_{z} L = t - y$$\n",
        [(5, "ok"), (5, "ok"), (5, "wrong"), (7, "wrong")]),
    "y_i as an index: the class of example i (f_{y_i}, 1(y_i = k))": (
        "$$L_i = -\\log\\left(\\frac{e^{f_{y_i}}}{\\sum_j e^{f_j}}\\right) = -f_{y_i} + "
        "\\log\\sum_j e^{f_j} = f_{y_i} + \\log\\sum_j e^{f_j}$$\n\n"
        "Let $p_k = \\frac{e^{f_k}}{\\sum_j e^{f_j}}$.\n\n"
        "$$\\frac{\\partial L_i}{\\partial f_k} = p_k - 1(y_i = k)$$\n\n"
        "$$\\frac{\\partial L_i}{\\partial f_k} = p_k - \\mathbb{1}(k = y_i) = "
        "p_k + \\mathbb{1}(k = y_i)$$\n",
        [(1, "ok"), (1, "wrong"), (5, "ok"), (7, "ok"), (7, "wrong")]),
    "logits defined from weights: derivatives by W, b, x go through z": (
        "Let $z_i = \\sum_j W_{ij} x_j + b_i$, $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and "
        "$L = -\\sum_k t_k \\log y_k$, where $\\sum_k t_k = 1$.\n\n"
        "$$\\frac{\\partial L}{\\partial W_{ij}} = \\sum_k \\frac{\\partial L}{\\partial z_k}"
        "\\frac{\\partial z_k}{\\partial W_{ij}} = (y_i - t_i) x_j = (y_i - t_i) x_i$$\n\n"
        "$$\\frac{\\partial L}{\\partial b_i} = y_i - t_i = t_i - y_i$$\n\n"
        "$$\\frac{\\partial L}{\\partial x_j} = \\sum_i W_{ij} (y_i - t_i) = "
        "\\sum_i W_{ji} (y_i - t_i)$$\n\n$$\\frac{\\partial z_k}{\\partial W_{ij}} = "
        "\\delta_{ki} x_j = x_j$$\n",
        [(3, "ok"), (3, "needs-condition"), (3, "wrong"), (5, "needs-condition"), (5, "wrong"),
         (7, "needs-condition"), (7, "wrong"), (9, "ok"), (9, "wrong")]),
    "D_j S_i, the derivative by the j-th logit": (
        "Let $S_i = \\frac{e^{a_i}}{\\sum_k e^{a_k}}$.\n\n$$D_j S_i = S_i(\\delta_{ij} - S_j) = "
        "\\frac{\\partial S_i}{\\partial a_j}$$\n\n$$D_jS_i = S_i(\\delta_{ij} + S_j)$$\n",
        [(3, "ok"), (3, "ok"), (5, "wrong")]),
    "indicator with a subscript condition": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_j} = y_i(\\mathbb{1}_{i=j} - y_j) = "
        "y_i(1_{i=j} - y_j) = y_i(1_{i=j} + y_j)$$\n\n$$\\frac{\\partial y_i}{\\partial z_j} = "
        "-y_i y_j 1_{i \\neq j} + y_i(1 - y_i)\\mathbb{1}_{i=j} = y_i y_j 1_{i \\neq j}$$\n",
        [(3, "ok"), (3, "ok"), (3, "wrong"), (5, "ok"), (5, "wrong")]),
    "unary minus after a product sign": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_j} = "
        "y_i \\cdot (\\delta_{ij} - 1 \\cdot -(-y_j)) = "
        "y_i \\cdot -(y_j - \\delta_{ij}) = y_i \\cdot -y_j$$\n",
        [(3, "ok"), (3, "ok"), (3, "wrong")]),
    "sum with a range and a skipped index": (
        SM + "$$\\sum_{k=1}^{K} y_k = y_i + \\sum_{\\substack{k=1 \\\\ k \\neq i}}^{K} y_k = "
        "y_i + \\sum_{k=1, k\\ne{i}}^{K} y_k = \\sum_{k!=i} y_k$$\n",
        [(3, "ok"), (3, "ok"), (3, "wrong")]),
    "softmax of greek logits": (
        "Let $\\hat{y}_i = \\operatorname{softmax}(\\theta)_i$.\n\n$$\\frac{\\partial \\hat{y}_i}"
        "{\\partial \\theta_i} = \\hat{y}_i(1 - \\hat{y}_i) = \\hat{y}_i(1 + \\hat{y}_i)$$\n",
        [(3, "ok"), (3, "wrong")]),
    "the targets are the name said to sum to 1, not the first undefined letter": (
        "Let $\\hat{y}_i = \\operatorname{softmax}(\\theta)_i$ with "
        "$\\theta_k = w_k x + b_k$.\n\n$$-y_i + \\hat{y}_i \\sum_{j=1}^K y_j = \\hat{y}_i - y_i$$"
        "\n\n$$-y_i + \\hat{y}_i \\sum_{j=1}^K y_j = \\hat{y}_i + y_i$$\n\n"
        "since $\\sum_{j=1}^K y_j = 1$.\n",
        [(3, "needs-condition"), (5, "wrong")]),
    "a bare sum used as the name of the denominator": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_j} = "
        "\\frac{e^{z_i}\\sum - e^{z_i}e^{z_j}}{\\sum ^2} = "
        "-\\frac{e^{z_i}e^{z_j}}{\\sum ^2}$$\n\nwhen $i = j$.\n",
        [(3, "ok"), (3, "wrong")]),
    "a bare capital sigma before an exponential is the sum over its index": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = \\frac{e^{z_i}(\\Sigma e^{z_i})-(e^{z_i})^2}"
        "{(\\Sigma e^{z_i})^2} = "
        "\\frac{e^{z_i}(\\Sigma e^{z_i})+(e^{z_i})^2}{(\\Sigma e^{z_i})^2}$$\n",
        [(3, "ok"), (3, "wrong")]),
    "softmax of shifted logits": (
        SM + "$$\\text{softmax}(z_i + c) = \\frac{e^{z_i + c}}{\\sum_j e^{z_j + c}} = "
        "\\frac{e^{z_i}}{\\sum_j e^{z_j}} = \\text{softmax}(z_i) = y_i$$\n\n"
        "$$\\operatorname{softmax}(z + c)_i = softmax_i(z-c)$$\n\n"
        "$$\\text{softmax}(z_i + 1) = e y_i$$\n",
        [(3, "ok"), (3, "ok"), (3, "ok"), (3, "ok"), (5, "ok"), (7, "wrong")]),
    "a derivative with the partial of one side forgotten": (
        SM + "$$\\frac{\\partial y_i}{z_i} = y_i(1 - y_i)$$\n\n$$\\frac{y_i}{\\partial z_i} = "
        "y_i(1 + y_i)$$\n",
        [(3, "ok"), (5, "wrong")]),
    "a loss written as a word in text with its arguments": (
        SM + "$$\\text{CE}(t, y) = -\\sum_k t_k \\log y_k$$\n\n$$\\frac{\\partial \\text{CE}(t, y)}"
        "{\\partial y_k} = -\\frac{t_k}{y_k} = \\frac{t_k}{y_k}$$\n",
        [(5, "ok"), (5, "wrong")]),
    "a loss first named as an undefined function, then defined": (
        SM + "Let $J = CE(t, y)$.\n\n$$J = -\\sum_k t_k \\log y_k$$\n\n$$\\frac{\\partial J}"
        "{\\partial y_k} = -\\frac{t_k}{y_k} = \\frac{t_k}{y_k}$$\n",
        [(3, "skipped"), (7, "ok"), (7, "wrong")]),
    "a gradient by the whole vector equated with one entry": (
        SM + "Let $L = -\\sum_k t_k \\log y_k$.\n\n$$\\frac{\\partial L}{\\partial z} = -"
            "\\sum_k t_k "
        "\\frac{\\partial \\log y_k}{\\partial z_i} = y_i \\sum_k t_k - t_i$$\n\n"
        "$$\\frac{\\partial L}{\\partial z} = y_i + t_i$$\n",
        [(5, "ok"), (5, "ok"), (7, "wrong")]),
    "a later section under a bold heading defines the targets' letter anew": (
        "Let $\\hat{y}_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $L = -\\sum_i y_i \\log "
        "\\hat{y}_i$."
        "\n\n$$\\frac{\\partial L}{\\partial z_i} = \\hat{y}_i - y_i$$\n\n**Additional rea"
        "ding: the "
        "softmax derivative**\n\n$$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n$$\\frac{\\"
        "partial y_i}"
        "{\\partial z_i} = y_i(1 - y_i) = y_i(1 + y_i)$$\n",
        [(3, "needs-condition"), (9, "ok"), (9, "wrong")]),
    "a softmax with temperature is a softmax": (
        "The softmax with temperature is $p_i = \\frac{e^{v_i/T}}{\\sum_j e^{v_j/T}}$.\n\n"
        "$$\\frac{\\partial p_i}{\\partial v_i} = \\frac{1}{T} p_i (1 - p_i)$$\n\n"
        "$$\\frac{\\partial p_i}{\\partial v_i} = \\frac{1}{T} p_i (1 - p_i) + 1$$\n",
        [(3, "ok"), (5, "unreadable")]),  # false for every T, but T is nobody's: not read
    "a softmax transformed in the numerator only is flagged": (
        "The softmax is $q_i = \\frac{e^{2 z_i}}{\\sum_j e^{z_j}}$.\n", [(1, "wrong")]),
    "a dot between fractions is a product": (
        SM + "Let $L = -\\sum_k t_k \\log y_k$.\n\n$$\\frac{\\partial L}{\\partial z_i} = \\sum_k "
        "\\frac{\\partial L}{\\partial y_k} . \\frac{\\partial y_k}{\\partial z_i} = \\sum_k "
        "\\frac{\\partial L}{\\partial y_k} . \\frac{\\partial y_i}{\\partial z_k} . y_k$$\n",
        [(5, "ok"), (5, "wrong")]),
    "an operator written before a minus sign applies to what follows": (
        SM + "$$\\frac{d}{d z_k} - \\sum_i t_i \\log y_i = -t_k + y_k \\sum_i t_i = t_k - y_k$$\n",
        [(3, "ok"), (3, "wrong")]),
    "a double sum over two indices": (
        SM + "$$\\sum_{i,j} \\delta_{ij} y_i = \\sum_i y_i = 2 \\sum_{i,j} y_i y_j$$\n",
        [(3, "ok"), (3, "wrong")]),
    "softmax of logits named with a hat": (
        "Let $p_i = \\text{softmax}(\\hat{y})_i$.\n\n$$\\frac{\\partial p_i}{\\partial \\h"
        "at{y}_i} = "
        "p_i(1 - p_i) = p_i(1 + p_i)$$\n", [(3, "ok"), (3, "wrong")]),
    "a sum written without its range after the split-off term": (
        SM + "Let $L = -\\sum_k t_k \\log y_k$.\n\n$$\\frac{\\partial L}{\\partial z_i} = "
        "-\\frac{t_i}{y_i} y_i(1 - y_i) - \\sum \\frac{t_j}{y_j} (-y_i y_j)$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_i} = -\\frac{t_i}{y_i} y_i(1 - y_i) + \\sum \\frac{t_j}"
        "{y_j} (-y_i y_j)$$\n",
        [(5, "unreadable"), (7, "wrong")]),
    "a formula named after it is written": (
        "The softmax:\n\n$$\\frac{e^{z_i}}{\\sum_{c=1}^C e^{z_c}} = p_i$$\n\n$$\\frac{\\pa"
        "rtial p_i}"
        "{\\partial z_i} = p_i(1-p_i) = p_i(1+p_i)$$\n",
        [(3, "ok"), (5, "ok"), (5, "wrong")]),
    "a second name for the formula at the end of a definition": (
        "Let $\\hat{y}_i = \\frac{e^{z_i}}{\\sum_c e^{z_c}} = p_i$.\n\n$$\\frac{\\partial "
        "\\hat{y}_i}"
        "{\\partial z_i} = p_i(1-p_i) = p_i(1+p_i)$$\n",
        [(3, "ok"), (3, "wrong")]),
    "cases written as an array in a left brace": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_j} = \\left\\{ \\begin{array}{ll} y_i(1-y_i) & "
        "\\text{if } i=j \\\\ -y_i y_j & {\\text { if otherwise }} \\end{array}\\right.$$\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_j} = \\left\\{\\begin{matrix} y_i(1-y_j) & i \\neq j "
        "\\\\ -y_i y_j & i = j \\end{matrix}\\right.$$\n",
        [(3, "ok"), (5, "wrong")]),
    "a function's value raised to a power": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = \\frac{\\exp(z_i)}{\\sum_k \\exp(z_k)} - "
        "\\frac{\\exp(z_i)^2}{(\\sum_k \\exp(z_k))^2} = y_i - y_i^2 = y_i + y_i^2$$\n",
        [(3, "ok"), (3, "ok"), (3, "wrong")]),
    "a case written before the row with a colon": (
        SM + "$$\n\\begin{split}\n\\text{if} \\; i = j :& \\frac{\\partial y_i}{\\partial z_j} = "
        "y_i(1-y_i) \\\\\n\\text{if} \\; i \\neq j :& \\frac{\\partial y_i}{\\partial z_j} = "
        "y_i(1-y_j)\n\\end{split}\n$$\n",
        [(5, "ok"), (6, "wrong")]),
    "the prediction is the name under the log in a step, with no loss read": (
        "The softmax output is $\\hat{y}$ and the gradient is:\n\n$$-\\sum_j y_j \\frac{\\partial "
        "\\log \\hat{y}_j}{\\partial z_i}{} = -\\sum_j \\frac{y_j}{\\hat{y}_j} \\frac{\\partial "
        "\\hat{y}_j}{\\partial z_i} = \\hat{y}_i \\sum_j y_j - y_i = \\hat{y}_i + y_i$$\n",
        [(3, "ok"), (3, "ok"), (3, "wrong")]),
    "log written with mathop": (
        SM + "$$E = -\\sum_k t_k \\mathop{log}(y_k)$$\n\n$$\\frac{\\partial E}{\\partial y_k} = "
        "-\\frac{t_k}{y_k} = \\frac{t_k}{y_k}$$\n",
        [(5, "ok"), (5, "wrong")]),
    "log with base e": (
        SM + "$$L = -\\sum_{k=1}^{K} t_k \\log_e y_k$$\n\n$$\\frac{\\partial L}{\\partial y_k} "
        "= -\\frac{t_k}{y_k} = \\frac{t_k}{y_k}$$\n",
        [(5, "ok"), (5, "wrong")]),
    "align inside $$": (SM + "$$\n\\begin{align}\n\\frac{\\partial y_i}{\\partial z_i} &= "
                        "y_i - y_i^2 \\\\\n&= y_i (1 - y_i)\n\\end{align}\n$$\n",
                        [(5, "ok"), (6, "ok")]),
    "gather and equation inside $$": (SM + "$$\\begin{equation}\\frac{\\partial y_i}{\\partial "
                                      "z_i} = y_i (1 + y_i)\\end{equation}$$\n",
                                      [(3, "wrong")]),
    "chain continued in a display that starts with =": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = y_i - y_i^2$$\n\nwhich is\n\n"
        "$$= y_i (1 - y_i)$$\n\nand\n\n$$&= y_i (1 + y_i)$$\n",
        [(3, "ok"), (7, "ok"), (11, "wrong")]),
    "chain continued in a block quote": (
        SM + "> $$\\frac{\\partial y_i}{\\partial z_i} = y_i - y_i^2$$\n>\n> $$ = y_i(1-y_i)$$\n",
        [(3, "ok"), (5, "ok")]),
    "chain continued inline": (
        SM + "So $\\frac{\\partial y_i}{\\partial z_i} = y_i - y_i^2$ and $= y_i^2$.\n",
        [(3, "ok"), (3, "wrong")]),
    "depends on a definition that could not be read": (
        SM + "$$E = -\\sum_k t_k \\ln y_k \\natural$$\n\n$$\\frac{\\partial E}{\\partial y_k} "
        "= -\\frac{t_k}{y_k}$$\n", [(3, "unreadable"), (5, "unreadable")]),
    "script math/tex display": (
        SM + '<script type="math/tex; mode=display">\n\\frac{\\partial y_i}{\\partial z_i} = '
        "y_i(1-y_i)\n</script>\n", [(4, "ok")]),
    "colour wrapper": (SM + "$$\\color{red}{\\frac{\\partial y_i}{\\partial z_i} = y_i(1+y_i)}$$\n",
                       [(3, "wrong")]),
    "partial subscript and d/dz": (
        SM + "$$\\partial_{z_i} y_i = y_i(1-y_i)$$\n\n$$\\frac{d y_i}{d z_i} = y_i(1-y_i)$$\n\n"
        "$$\\dfrac{\\partial}{z_j} y_i = -y_i y_j, \\quad i \\neq j$$\n",
        [(3, "ok"), (5, "ok"), (7, "ok")]),
    "subscript after a bracket": (
        "Softmax: $\\sigma(\\mathbf{z})_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n"
        "$$\\frac{\\partial [\\sigma(\\mathbf z)]_i}{\\partial z_i} = \\sigma(\\mathbf{z})_i"
        "(1 - \\sigma(\\mathbf{z})_i)$$\n\n$$\\text{softmax}(z)_i = \\sigma_i$$\n",
        [(3, "ok"), (5, "ok")]),
    "argument lists": (
        SM + "The loss is $E(\\vec y, \\vec t) = -\\sum_k t_k \\ln y_k$ and\n"
        "$$\\frac{\\partial E}{\\partial y_k} = -\\frac{t_k}{y_k}$$\n",
        [(4, "ok")]),
    "multi-letter names and log without backslash": (
        SM + "$$Loss = -log(y_c)$$\n\n$$\\frac{\\partial Loss}{\\partial z_c} = y_c - 1$$\n",
        [(5, "ok")]),
    "bare sum as a name, defined after its use": (
        SM + "$$y_i = \\frac{e^{z_i}}{\\sum} = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$\n\n"
        "where $\\sum = \\sum_k e^{z_k}$.\n", [(3, "ok"), (3, "ok")]),
    "over, sum limits and dots sums": (
        SM + "$$y_i = {e^{z_i} \\over \\sum_k^K e^{z_k}} = \\frac{e^{z_i}}{e^{z_1} + \\dots + "
        "e^{z_K}}$$\n\n$$\\sum_{j\\neq i}^K y_j = 1 - y_i$$\n",
        [(3, "ok"), (3, "ok"), (5, "ok")]),
    "therefore, boxed, tag, label, nonumber, row spacing": (
        SM + "$$\n\\therefore \\boxed{\\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i)} "
        "\\tag{1}\\label{eq:a} \\\\[1.6em]\n\\left. y_i \\right. = y_i \\nonumber\n$$\n",
        [(4, "ok"), (5, "ok")]),
    "vec, mathbf, hat, cdot, star and dot products": (
        "Let $\\hat{y_i} = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ be the softmax.\n\n"
        "$$\\frac{\\partial \\hat y_i}{\\partial z_i} = \\hat{y}_i \\cdot (1 - \\hat y_i) = "
        "\\hat y_i * (1 - \\hat y_i) = \\hat y_i - \\hat y_i.\\hat y_i$$\n",
        [(3, "ok"), (3, "ok"), (3, "ok")]),
    "qquad-separated chains and zero-width spaces": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i) \\qquad\u200b "
        "\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j, \\ i \\neq j$$\n",
        [(3, "ok"), (3, "ok")]),
    "implicit softmax outputs": (
        "The softmax turns logits into probabilities.\n\n"
        "$$\\frac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} - p_j)$$\n",
        [(3, "ok")]),
    "an assumption after 'where' among other mentions of the name": (
        SM + "As $y_2$ grows the loss falls; in the case where $y_2 = 1$ it is 0.\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_i} = y_i(1 - y_i)$$\n",
        [(3, "skipped"), (5, "ok")]),
    "prose assumption is not an identity": (
        SM + "Suppose that $t_2 = 1$ and the other targets are 0.\n\n"
        "$$\\frac{\\partial}{\\partial z_j}\\left(-\\sum_k t_k \\ln y_k\\right) = y_j - t_j$$\n",
        [(3, "skipped"), (5, "needs-condition")]),
    "one-hot target stated as y_c = 1": (
        SM + "The loss is $E = -\\sum_k t_k \\ln y_k$. For a one-hot target $t_c = 1$:\n\n"
        "$$\\frac{\\partial E}{\\partial z_i} = -\\frac{1}{y_c}\\frac{\\partial y_c}{\\partial "
        "z_i}$$\n", [(5, "needs-condition")]),
    "a definition called softmax that is not softmax": (
        "The softmax is $y_i = \\frac{z_i}{\\sum_k z_k}$.\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i)$$\n",
        [(1, "wrong"), (3, "ok")]),
    "case prose ends where the text moves on": (
        SM + "When $i = j$:\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i(1-y_j)$$\n\n"
        "Now the full Jacobian:\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i(1-y_j)$$\n",
        [(5, "ok"), (9, "wrong")]),
    "case prose beside a display, and in Chinese": (
        SM + "1. When $i = j$: $$\\frac{\\partial y_i}{\\partial z_j} = y_i(1-y_i)$$\n\n"
        "当 $i \\neq j$ 时\n\n$$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$$\n",
        [(3, "ok"), (7, "ok")]),
    "vectors written out fix K": (
        "Let $z = [z_1, z_2]$, $y = [y_1, y_2]$ with $y_k = \\frac{e^{z_k}}{\\sum_j e^{z_j}}$.\n\n"
        "$$y_1 + y_2 = \\sum_k y_k$$\n", [(1, "skipped"), (3, "ok")]),
    "a remark between rows": (
        SM + "$$\n\\sum_j y_j \\\\\n\\text{note that } y_1 = y_1 \\\\\n= 1\n$$\n",
        [(5, "ok"), (6, "ok")]),
    "one-hot target, the other classes": (
        SM + "The loss is $E = -\\sum_k t_k \\ln y_k$ with a one-hot target $t_c = 1$.\n\n"
        "For $i \\neq c$:\n\n$$\\frac{\\partial E}{\\partial z_i} = y_i$$\n",
        [(7, "needs-condition")]),
    "a cases block of equations": (
        SM + "$$\n\\begin{cases}\n\\frac{\\partial y_i}{\\partial z_j} = y_i(1-y_i), & "
        "\\text{if } i = j \\\\\n\\frac{\\partial y_i}{\\partial z_j} = y_i y_j, & "
        "i \\neq j\n\\end{cases}\n$$\n", [(5, "ok"), (6, "wrong")]),
    "logits read from the exponentials": (
        "Softmax is shift invariant: $\\frac{e^{z_j + c}}{\\sum_k e^{z_k + c}} = "
        "\\frac{e^{z_j}}{\\sum_k e^{z_k}}$.\n", [(1, "ok")]),
    "a display under a line of prose, no blank line": (
        SM + "The Jacobian entry is\n$$\n\\frac{\\partial y_i}{\\partial z_i} = y_i(1+y_i)\n$$\n"
        "and again\n$$\n\\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i)\n$$\n",
        [(5, "wrong"), (9, "ok")]),
    "math fences and `!$…$` spans (Cmd Markdown, GitLab)": (
        SM + "Take `!$i = j$`:\n```mathjax!\n$$\n\\frac{\\partial y_i}{\\partial z_j} = "
        "y_i(1+y_j)\n$$\n```\n\n```math\n\\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i)\n```\n",
        [(6, "wrong"), (11, "ok")]),
    "an admonition body indented four spaces (mkdocs)": (
        SM + "??? success \"Answer\"\n\n"
        "    $$\\frac{\\partial y_i}{\\partial z_i} = y_i(1+y_i)$$\n",
        [(5, "wrong")]),
    "indicators 1{i=j}, 1(i=j)": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_j} = y_i(1\\lbrace i=j\\rbrace - y_j) = "
        "y_i(1(i=j) + y_j)$$\n", [(3, "ok"), (3, "wrong"), (3, "skipped"), (3, "skipped")]),
    "softmax called at one logit, s(z_i)": (
        "The softmax $s(z_i) = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n"
        "$$\\frac{\\partial s(z_i)}{\\partial z_j} = s(z_i)(\\delta_{ij} - s(z_j))$$\n",
        [(3, "ok")]),
    "D_j S_i for the derivative (Bendersky)": (
        SM + "$$D_jy_i = y_i(\\delta_{ij} - y_j)$$\n\n$$D_jy_i = y_i(\\delta_{ij} + y_j)$$\n",
        [(3, "ok"), (5, "wrong")]),
    "a vector then a definition in one formula, n and N as the class count": (
        "Output $a=[a_1,\\cdots,a_n],a_i=\\frac{e^{z_i}}{\\sum_{k=1}^ne^{z_k}}$.\n\n"
        "$$\\frac{\\partial a_i}{\\partial z_i} = \\frac{e^{z_i}\\sum_{k=1}^N e^{z_k} - e^{2z_i}}"
        "{(\\sum_{k=1}^N e^{z_k})^2}$$\n", [(1, "skipped"), (3, "ok")]),
    "a general formula in functions p(x), q(x) is not a definition": (
        SM + "In general $H(p,q) = -\\sum_i p(x_i) \\log q(x_i)$, so here $H(t,y) = -\\sum_i t_i "
        "\\log y_i$ and\n\n$$\\frac{\\partial H}{\\partial y_i} = -\\frac{t_i}{y_i}$$\n",
        [(3, "skipped"), (5, "ok")]),
    "an undefined loss stated in closed form": (
        SM + "$$\\frac{\\partial L}{\\partial z_i} = \\sum_k \\frac{\\partial L}{\\partial y_k}"
        " y_k(\\delta_{ki} - y_i)$$\n\n$$\\frac{\\partial L}{\\partial z_i} = y_i - t_i$$\n",
        [(3, "ok"), (5, "unreadable")]),
    "equations separated by escaped spaces": (
        SM + "$$g_i = e^{z_i} \\ \\ \\ \\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i)$$\n",
        [(3, "ok")]),
    "a case row of words inside an array": (
        SM + "$$\\begin{array}{l}\n当i=j时 \\\\\n"
        "\\frac{\\partial y_i}{\\partial z_j} = y_i(1-y_j) \\\\\n"
        "当i\\neq j时 \\\\\n\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j\n\\end{array}$$\n",
        [(5, "ok"), (7, "ok")]),
    "prose indented by a tab, with its case in Chinese": (
        SM + "\t\t特殊地，当$i=j$时：\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i(1-y_j)$$\n",
        [(5, "ok")]),
    "a hypothesis in prose: 'zero when $y_k = 1$'": (
        SM + "The loss $-\\ln y_k$ is zero when $y_k = 1$ and grows as $y_k$ shrinks.\n",
        [(3, "skipped")]),
    "'otherwise' is the other case": (
        SM + "When $i = j$:\n\n$$\\frac{\\partial z_i}{\\partial z_j} = 1$$\n\nOtherwise:\n\n"
        "$$\\frac{\\partial z_i}{\\partial z_j} = 0$$\n", [(5, "ok"), (9, "ok")]),
    "one-hot targets, a class that is not hot (y_j = 0)": (
        SM + "The loss is $E = -\\sum_k t_k \\ln y_k$ with one-hot $t_c = 1$.\n\n"
        "For the other classes $\\frac{\\partial E}{\\partial y_j} = 0$ (since $t_j = 0$), and "
        "$\\frac{\\partial E}{\\partial y_j} = 1$ (since $t_j = 0$).\n",
        [(5, "needs-condition"), (5, "wrong")]),
    "targets given by value in an example": (
        SM + "Take $K = 3$ and $t = [0, 1, 0]$. Then\n\n$$-\\sum_{k=1}^{3} t_k \\ln y_k = "
        "-\\ln y_2$$\n\n$$-\\sum_{k=1}^{3} t_k \\ln y_k = -\\ln y_3$$\n",
        [(3, "skipped"), (5, "ok"), (7, "wrong")]),
    "a sum's bracket closed before the factor that uses its index: decided if both agree": (
        SM + "$$\\frac{\\partial}{\\partial z_i}\\left(-\\sum_k t_k \\ln y_k\\right) = " + CLOSED
        + "$$\n\n$$" + CLOSED + " = y_i - t_i$$\n\n$$" + CLOSED + " = y_i \\sum_k t_k - t_i"
        "$$\n\n$$" + CLOSED + " = y_i + t_i$$\n",
        [(3, "unreadable"), (5, "unreadable"), (7, "unreadable"), (9, "wrong")]),
    "size commands (\\Large, \\large{…})": (
        SM + "$$\\Large\\frac{\\partial y_i}{\\partial z_i} = \\large{y_i(1-y_i)}$$\n",
        [(3, "ok")]),
    "an underbrace label": (
        SM + "$$-t_i + y_i\\underbrace{\\sum_k t_k}_{=1} = y_i - t_i$$\n",
        [(3, "needs-condition")]),
    "a vector equation read entry by entry": (
        SM + "The loss is $E = -\\sum_k t_k \\ln y_k$.\n\n$$\\frac{\\partial E}{\\partial "
        "\\mathbf{z}} = \\mathbf{y} - \\mathbf{t}$$\n\n$$\\frac{\\partial E}{\\partial "
        "\\mathbf{z}} = \\mathbf{y} + \\mathbf{t}$$\n", [(5, "needs-condition"), (7, "wrong")]),
    "names nobody defines are not judged wrong": (
        SM + "$$dZ^{[2]} = A^{[2]} - Y$$\n\n$$\\frac{e^{z_j + c}}{\\sum_k e^{z_k + c}} = y_j$$\n",
        [(3, "unreadable"), (5, "ok")]),
    "a new section names the loss anew: from its heading on it is read on its own": (
        SM + "# Cross-entropy\n\n$$L = -\\sum_k t_k \\ln y_k$$\n\n$$\\frac{\\partial L}{\\partial "
        "z_i} = y_i - t_i$$\n\n# Squared error\n\n$$L = \\frac{1}{2}\\sum_k (y_k - t_k)^2$$\n\n"
        "$$\\frac{\\partial L}{\\partial y_i} = y_i - t_i$$\n\n# Again\n\n"
        "$$L = -\\sum_j t_j \\ln y_j$$\n",
        [(7, "needs-condition"), (13, "ok")]),
    "a list item that is only the case: '1. $i \\neq j$'": (
        SM + "1. $i \\neq j$\n$$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$$\n\n"
        "2. $i = j$\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i(1 - y_j)$$\n",
        [(4, "ok"), (7, "ok")]),
    "a display opened with content under a prose line": (
        SM + "Multiply by a constant E,\n$$y_i = \\frac{E e^{z_i}}{E\n\\sum_k e^{z_k}}\n$$\n",
        [(4, "ok")]),
    "Jekyll inline math \\\\( … \\\\)": (
        "The softmax \\\\(y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}\\\\) and "
        "\\\\(\\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i)\\\\).\n", [(1, "ok")]),
    "a continued display skips an inline condition in the prose between": (
        SM + "$$\\frac{\\partial}{\\partial z_j}\\left(-\\sum_k t_k \\ln y_k\\right) = "
        "-t_j + y_j \\sum_k t_k$$\n\nOne-hot ($\\sum_k t_k = 1$):\n$$= -t_j + y_j$$\n",
        [(3, "ok"), (6, "needs-condition")]),
    "the class count is the softmax's own bound (n classes, m samples)": (
        "$y_i = \\frac{e^{z_i}}{\\sum_{j=1}^n e^{z_j}}$ and "
        "$J = \\frac{1}{m}\\sum_{s=1}^m c_s$.\n\n"
        "$$\\sum_{j=1}^n y_j = 1$$\n", [(3, "ok")]),
    "a map between vectors (y = f(x)) is not a definition": (
        "Let $\\mathbf{y} = f(\\mathbf{x})$ and $y_i = \\text{softmax}(x_i)$.\n\n"
        "$$\\frac{\\partial y_i}{\\partial x_i} = y_i(1-y_i)$$\n", [(1, "skipped"), (3, "ok")]),
    "a side in words is a label; the chain after it is read": (
        "$$\\text{the output of class j} = q_j = \\frac{e^{s_j}}{\\sum_{m=1}^{K} e^{s_m}}$$\n\n"
        "$$\\frac{\\partial q_j}{\\partial s_j} = q_j(1 - q_j) = \\text{q times one minus q}$$\n",
        [(1, "skipped"), (3, "ok"), (3, "skipped")]),
    "delta for partial, a glyph as a name, a relation repeated across rows": (
        SM + "$$\\frac{\\delta y_i}{\\delta z_i} = y_i - y_i^2$$\n\n"
        "$$\u2661 = \\sum_k e^{z_k}$$\n\n"
        "$$\\begin{aligned} \\frac{e^{z_i}}{\u2661} &= y_i - 0 = \\\\ &= y_i \\end{aligned}$$\n",
        [(3, "ok"), (7, "ok"), (7, "ok"), (7, "skipped")]),
    "g(x) defined without x: its derivative is not guessed": (
        SM + "Let $g(x) = e^{z_i}$ and $h(x) = \\sum_k e^{z_k}$.\n\n"
        "$$h'(x) = e^{z_j}$$\n", [(3, "skipped"), (3, "skipped"), (5, "unreadable")]),
    "a number equal to the decimals written": (
        SM + "$$\\ln 3 = 1.099$$\n\n$$\\ln 3 = 1.098$$\n\n"
        "$$\\sum_k 0.0001 = 0.000$$\n",  # within rounding at K = 2, not at K = 10
        [(3, "ok"), (5, "wrong"), (7, "wrong")]),
    "example values in boxes, an example value of the loss": (
        SM + "$$z = \\boxed{1}\\boxed{0}\\boxed{2}$$\n\n"
        "$$E = -\\ln(0.5) = 0.693$$\n\n"
        "$$\\frac{\\partial E}{\\partial y_k} = -\\frac{t_k}{y_k}$$\n\n"
        "The loss is $E = -\\sum_k t_k \\ln y_k$.\n",
        [(3, "skipped"), (5, "skipped"), (5, "ok"), (7, "ok")]),
    "softmax written with the class number in the exponent is flagged, then read as meant": (
        "The softmax function: $$p_j = \\frac{e^j}{\\sum_i e^i}$$\n\n"
        "$$\\frac{\\partial p_j}{\\partial o_j} = \\frac{e^{o_j}}{\\sum_i e^{o_i}}"
        "(1 - \\frac{e^{o_j}}{\\sum_i e^{o_i}})$$\n",
        [(1, "wrong"), (3, "ok")]),
    "an expansion ending at another bound is not the class count": (
        "$$y_i = \\frac{e^{z_i}}{\\sum_{k=1}^{n} e^{z_k}}$$\n\n"
        "$$\\sum_{k=1}^{n} e^{z_k} = e^{z_1} + \\dots + e^{z_N}$$\n", [(3, "unreadable")]),
    "the sum over the classes written out as three terms is a step about K = 3": (
        SM + "$$\\frac{\\partial y_1}{\\partial z_2} = "
        "-\\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2} + e^{z_3})^2}$$\n\n"
        "$$\\frac{\\partial y_1}{\\partial z_2} = "
        "\\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2} + e^{z_3})^2}$$\n",
        [(3, "ok"), (5, "wrong")]),
    "a relation ending one display and starting the next is one step": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = y_i - y_i^2 =$$\n"
        "$$= y_i(1 - y_i)$$\n", [(3, "ok"), (4, "ok"), (3, "skipped")]),
    "$$x$$ inside a sentence is inline math (kramdown): its case governs the display": (
        SM + "The entries where $$j \\neq i$$ are\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$$\n", [(5, "ok")]),
    "a sum written with dots around any term is the sum over the classes": (
        SM + "$$\\frac{\\partial L}{\\partial z_i} = \\frac{\\partial L}{\\partial y_1} "
        "\\frac{\\partial y_1}{\\partial z_i} + \\dots + \\frac{\\partial L}{\\partial y_K} "
        "\\frac{\\partial y_K}{\\partial z_i} = \\sum_k \\frac{\\partial L}{\\partial y_k}"
        "\\frac{\\partial y_k}{\\partial z_i}$$\n\n"
        "$$y_i (t_1 + t_2 + \\dots + t_K) - t_i = y_i - t_i$$\n",
        [(3, "ok"), (3, "ok"), (5, "needs-condition")]),
    "the ratio of exponentials written in a step makes the document about softmax": (
        "$$\\frac{\\partial p_j}{\\partial x_i} = \\frac{\\partial}{\\partial x_i} "
        "\\frac{e^{x_j}}{\\sum_k e^{x_k}}$$\n\n"
        "$$\\frac{\\partial p_i}{\\partial x_i} = p_i (1 - p_i) = p_i + p_i^2$$\n",
        [(3, "ok"), (3, "wrong")]),
    "an incorrect class named in prose is the case j != k": (
        "The loss is $L = -\\log p_k$ where $k$ is the correct class $k$ and "
        "$p_k = \\frac{e^{o_k}}{\\sum_i e^{o_i}}$.\n\n"
        "For incorrect class $j$, $e^{o_k}$ is a constant:\n"
        "$$\\frac{\\partial p_k}{\\partial o_j} = e^{o_k} \\frac{\\partial}{\\partial o_j}"
        "\\frac{1}{\\sum_i e^{o_i}}$$\n\n"
        "Now the correct class and incorrect class $j$ together:\n"
        "$$\\frac{\\partial p_k}{\\partial o_j} = e^{o_k} \\frac{\\partial}{\\partial o_j}"
        "\\frac{1}{\\sum_i e^{o_i}}$$\n",
        [(4, "ok"), (7, "wrong")]),
    "a capital index other than the class count labels a layer": (
        SM + "$$\\frac{\\partial E}{\\partial z_L} = \\frac{\\partial E}{\\partial y_L}"
        "\\frac{\\partial y_L}{\\partial z_L}$$\n\n"
        "$$\\frac{\\partial y_K}{\\partial z_K} = y_K (1 - y_K)$$\n",
        [(3, "unreadable"), (5, "ok")]),
    "a step that undoes an earlier error is still wrong, and says so": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = y_i + y_i^2 = y_i (1 - y_i)$$\n",
        [(3, "wrong"), (3, "wrong")]),
    "a question after an arrow ends the statement; the arrow joins two statements": (
        "$$S_j = \\frac{e^{z_j}}{\\sum_l e^{z_l}} \\rightarrow "
        "\\frac{\\partial S_j}{\\partial z_k} = ?$$\n\n"
        "$$\\frac{\\partial S_j}{\\partial z_j} = S_j (1 - S_j)$$\n",
        [(1, "skipped"), (1, "skipped"), (3, "ok")]),
    "a name differentiated by is a variable, not a generic loss": (
        SM + "$$\\frac{d}{dn} e^n = e^n \\cdot \\frac{d}{dn} n = e^n$$\n",
        [(3, "ok"), (3, "ok")]),
    "a row-wise softmax is read for one row": (
        "$$S_{i,j} = \\frac{e^{z_{i,j}}}{\\sum_{l=1}^{L} e^{z_{i,l}}}$$\n\n"
        "$$\\frac{\\partial}{\\partial z_{i,k}} \\sum_{l=1}^{L} e^{z_{i,l}} = "
        "0 + \\cdots + e^{z_{i,k}} + \\cdots + 0 = e^{z_{i,k}}$$\n",
        [(3, "ok"), (3, "ok")]),
    "the correct class named in prose, with one-hot targets, is the hot class": (
        "The loss is $L = -\\sum_i y_i \\log p_i$ with $p_i = \\frac{e^{o_i}}{\\sum_k e^{o_k}}$."
        "\n\nThe labels are one hot and the correct class is $k$, so\n"
        "$$L = -y_k \\log p_k = -\\log p_k$$\n\n"
        "$$L = -\\log p_j$$\n",
        [(4, "needs-condition"), (4, "needs-condition")]),
    "a derivative by a whole vector times its derivative is the chain rule (no evaluation error)": (
        SM + "$$\\frac{\\partial E}{\\partial z_j} = \\frac{\\partial E}{\\partial \\mathbf{y}}"
        " \\cdot \\frac{\\partial \\mathbf{y}}{\\partial z_j}$$\n",
        [(3, "ok")]),
    "a derivative by a whole vector alone is not read": (
        SM + "$$\\frac{\\partial E}{\\partial z_j} = \\frac{\\partial E}{\\partial \\mathbf{y}}"
        " \\cdot y_j$$\n",
        [(3, "unreadable")]),
    "a loss named with capital letters as subscript is the loss": (
        SM + "The loss is $L_{CE} = -\\sum_k t_k \\log y_k$.\n\n"
        "$$\\frac{\\partial L_{CE}}{\\partial y_k} = -\\frac{t_k}{y_k}$$\n",
        [(5, "ok")]),
    "softmax defined with the wrong index in the numerator is flagged, then read as meant": (
        "The softmax is $$p_j = \\frac{e^{a_i}}{\\sum_{k=1}^N e^{a_k}}$$\n\n"
        "$$\\frac{\\partial p_j}{\\partial a_j} = \\frac{\\partial}{\\partial a_j}"
        "\\frac{e^{a_i}}{\\sum_{k=1}^N e^{a_k}}$$\n\n"
        "$$\\frac{\\partial p_j}{\\partial a_j} = p_j (1 - p_j)$$\n",
        [(1, "wrong"), (3, "wrong"), (5, "ok")]),
    "a function letter with a subscript applied to a variable is a call, not a product": (
        SM + "Let $L = g_1(x_1) = -\\log(x_1)$ and $x_1 = g_2(x_2) = \\frac{c}{x_2}$.\n\n"
        "$$\\frac{\\partial g_1(x_1)}{\\partial x_1} = -\\frac{1}{x_1}$$\n\n"
        "$$x_4 = z_i - 1$$\n\n$$e^{x_4} = e^{z_i - 1}$$\n",
        [(3, "unreadable"), (3, "unreadable"), (5, "unreadable"), (9, "unreadable")]),
    "a row's case written before it, and a trailing 'for~i=1,...,C'": (
        "$$y_i = \\frac{e^{x_i}}{\\sum e^{x_k}}, for~i=1,..., C$$\n\n"
        "$${\\rm if}~i=j,~\\frac{\\partial y_i}{\\partial x_j} = y_j (1 - y_i)$$\n\n"
        "$${\\rm if}~i\\ne j,~\\frac{\\partial y_i}{\\partial x_j} = y_j (1 - y_i)$$\n",
        [(1, "skipped"), (3, "ok"), (5, "wrong")]),
    "the count written as the sum's index, and a batch sum around the class sum": (
        "$$\\hat y_j = \\frac{e^{z_j}}{\\sum_{K} e^{z_k}}$$\n\n"
        "$$L = -\\sum_{c=1}^C t_c \\log \\hat y_c$$\n\n"
        "$$J = -\\sum_{n=1}^N \\sum_{c=1}^C t_{nc} \\log \\hat y_{nc}$$\n\n"
        "$$\\frac{\\partial L}{\\partial \\hat y_c} = -\\frac{t_c}{\\hat y_c}$$\n",
        [(7, "ok")]),
    "one-hot at a class by symmetry is not assumed when a class number is written": (
        SM + "The targets are one-hot.\n\n"
        "$$\\sum_{k \\neq i} t_k y_i = \\sum_{k \\neq 1} t_k y_i$$\n", [(5, "wrong")]),
    "one-hot prose with no class named: the collapse names it": (
        SM + "The targets $t$ are a one-hot vector.\n\n"
        "$$-\\sum_k t_k \\log y_k = -\\log y_m$$\n\n"
        "$$-\\sum_k t_k (\\delta_{ik} - y_i) = -\\delta_{ii} + y_i$$\n",
        [(5, "needs-condition"), (7, "wrong")]),
    "a generic function of an undefined variable differentiated by a logit is not read": (
        SM + "$$\\frac{\\partial J(\\theta)}{\\partial z_i} = y_i$$\n\n"
        "$$\\frac{\\partial J(\\theta)}{\\partial \\theta} = \\frac{d J(\\theta)}{d \\theta}$$\n",
        [(3, "unreadable"), (5, "ok")]),
    "logits defined by a layer, and a sum named by its bound (\\sum_K)": (
        "Let $\\theta_k = \\sum_{i=1}^3 w_{ik}x_i + b_k$ and $\\hat y_i = "
        "\\frac{\\exp(\\theta_i)}{\\sum_j \\exp(\\theta_j)}$.\n\n"
        "(define $\\sum_K = \\sum_{j=1}^{K}\\exp(\\theta_j)$)\n\n"
        "$$\\frac{\\partial \\frac{\\exp(\\theta_i)}{\\sum_K}}{\\partial \\theta_i} = "
        "\\frac{\\exp(\\theta_i)\\sum_K - \\exp(\\theta_i)\\exp(\\theta_i)}{(\\sum_K)^2}$$\n\n"
        "$$\\frac{\\partial \\frac{\\exp(\\theta_i)}{\\sum_K}}{\\partial \\theta_i} = "
        "\\frac{\\exp(\\theta_i)\\sum_K + \\exp(\\theta_i)\\exp(\\theta_i)}{(\\sum_K)^2}$$\n",
        [(5, "ok"), (7, "wrong")]),
    "spacing, the MathJax double-struck one, an entry as a function of the vector, and a "
    "justification after &&": (
        "$$q_i(z) = \\frac{e^{z_i}}{\\sum_j e^{z_j}} \\hspace{10pt}$$\n\n"
        "$$\\begin{align*}\n\\nabla_{z_i} L & = q_i - \\unicode{x1D7D9}(y=i) "
        "&&\\text{from} \\hspace{10pt} \\frac{d}{dx}\\ln x = \\frac{1}{x}\n\\end{align*}$$\n\n"
        "where $L = -\\log q_y$.\n",
        [(4, "ok"), (4, "skipped")]),
    "'if' as its own cases column, \\delta{ij}, g\\prime(x)": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_j} = \\begin{cases}y_i(1-y_j) & if & i=j \\\\ "
        "-y_j y_i & if & i \\neq j \\end{cases} = y_i(\\delta{ij} - y_j)$$\n\n"
        "$$\\frac{\\partial y_j}{\\partial z_j} = \\begin{cases}y_i(1-y_j) & if & i=j \\\\ "
        "-y_j y_i & if & i \\neq j \\end{cases}$$\n\n"
        "Let $f(x) = \\frac{g(x)}{h(x)}$. $$f^\\prime(x) = \\frac{g\\prime(x)h(x) + "
        "h\\prime(x)g(x)}{h(x)^2}$$\n",
        [(3, "ok"), (3, "ok"), (5, "wrong"), (7, "wrong")]),
    "GitHub's $`x`$ math, over several lines, with a row stating its own case": (
        SM + "Where $`i = k`$ the entries are the diagonal.\n\n"
        "$`\\begin{aligned}\n\\text{If } k \\ne i \\text{:}\n\\\\\n"
        "\\frac{\\partial y_i}{\\partial z_k} &= -y_i y_k\n\\end{aligned}`$\n",
        [(8, "ok")]),
    "cases stated in words, and a case that cannot be read ends the one before": (
        SM + "The case in which i equals j:\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_j} = y_i(1 - y_j)$$\n\n"
        "The case in which i and j are not equal:\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$$\n\n"
        "The case in which the classes coincide:\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_j} = y_i(1 - y_j)$$\n",
        [(5, "ok"), (9, "ok"), (13, "wrong")]),
    "a vector softmax A = e^z / Σ e^z, a layer z = wx + b, and a derivative by an absent name": (
        "$$A = \\frac{e^z}{\\Sigma e^z}$$\n\n"
        "- when i $\\not =$ j:\n\n$$\\frac{dA_i}{dz_j} = -A_iA_j$$\n\n"
        "$$z = wx + b$$\n\n$$\\frac{dA_i}{db} = A_i - 1$$\n",
        [(5, "ok"), (7, "skipped"), (9, "unreadable")]),
    "two cases named in one sentence are no case; braced partials; softmax_j(x)": (
        SM + "Substituting the values for when $i = j$ and $i\\ne{j}$ we get:\n\n"
        "$$\\frac{\\partial{y_{i}}}{\\partial{z_{j}}} = y_i(1 - y_i)$$\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_i} = \\text{softmax}_i(z) "
        "(1 - \\text{softmax}_i(z))$$\n",
        [(5, "wrong"), (7, "ok")]),
    "a name that names another (f(x)[n] = y[n] = …), and layer superscripts a_i^L": (
        "The softmax is $$f(x)[n] = y[n] = \\frac{e^{x[n]}}{\\sum_{}^{}e^{x[k]}}$$\n\n"
        "$$\\frac{\\partial a_i^L}{\\partial z_i^L} = \\frac{\\partial}{\\partial z_i^L}"
        "\\frac{e^{z_i^L}}{\\sum_j e^{z_j^L}}$$\n\n"
        "$$\\frac{\\partial y_n}{\\partial x_n} = y_n (1 + y_n)$$\n",
        [(5, "wrong")]),
    "the loss's prediction is not the softmax of a name the document never exponentiates": (
        "$$a_j = \\sum_k w_{jk} x_k + b_j$$\n\n$$E = -\\sum_k t_k \\ln y_k$$\n\n"
        "$$h(a) = \\frac{e^{a_i}}{\\sum_k e^{a_k}}$$\n\n"
        "$$\\frac{\\partial E}{\\partial w_{ji}} = \\frac{\\partial E}{\\partial a_j} x_i$$\n\n"
        "$$\\frac{\\partial y_k}{\\partial w_{ji}} = 0$$\n",
        [(5, "skipped"), (7, "unreadable"), (9, "unreadable")]),  # not 0 = 0 by the letter
    "the loss's prediction with an unread definition is not a target (no 0 by independence)": (
        "Write $y_i = \\text{softmax}(\\textbf{x} \\odot m)_i$ and $L = -\\sum t_i \\ln(y_i)$.\n\n"
        "$$\\frac{dy_i}{dx_i} = \\frac{e^{x_i}}{\\sum_d e^{x_d}} (1 - y_i)$$\n",
        [(3, "unreadable")]),
    "classes numbered 0 to 9 with a literal bound: ten classes, read as 1..10": (
        "$$p_i = \\frac{e^{z_i}}{\\sum_{k=0}^{9} e^{z_k}}$$\n\n"
        "$$\\frac{\\partial p_i}{\\partial z_i} = p_i (1 - p_i)$$\n\n"
        "$$\\frac{\\partial p_i}{\\partial z_i} = p_i (1 + p_i)$$\n",
        [(3, "ok"), (5, "wrong")]),
    "sums from 0 to 9 beside sums from 1 to 10 are not guessed to be one range": (
        "$$p_i = \\frac{e^{z_i}}{\\sum_{k=0}^{9} e^{z_k}}$$\n\n"
        "$$\\sum_{k=1}^{10} p_k = 1$$\n",
        [(3, "unreadable")]),
    "outputs a_i never defined beside a defined sigma(z)_i, said to sum to 1, are the softmax": (
        "$$\\sigma(\\mathbf{z})_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}$$\n\n"
        "Each output $a_i$ is positive and $\\sum_{i=1}^K a_i = 1$.\n\n"
        "$$\\frac{\\partial a_i}{\\partial z_j} = a_i (\\delta_{ij} - a_j)$$\n\n"
        "$$\\frac{\\partial a_i}{\\partial z_j} = a_i (\\delta_{ij} + a_j)$$\n",
        [(5, "ok"), (7, "wrong")]),
    "one-hot targets with no class named: -(1/p_c) dp_c/dz_j holds at the hot class c": (
        "Softmax $p_i = \\frac{e^{z_i}}{\\sum_{k} e^{z_k}}$; the targets $y$ are one-hot.\n\n"
        "$$L = - \\sum_{k} y_k \\ln(p_k)$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_j} = -\\frac{1}{p_c} "
        "\\frac{\\partial p_c}{\\partial z_j}$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_j} = -\\frac{1}{p_j} "
        "\\frac{\\partial p_c}{\\partial z_j}$$\n",
        [(5, "needs-condition"), (7, "wrong")]),
    "with c named the hot class, the case j != c uses y_j = 0": (
        "Softmax $p_i = \\frac{e^{z_i}}{\\sum_{k} e^{z_k}}$; the targets $y$ are one-hot.\n\n"
        "$$L = - \\sum_{k} y_k \\ln(p_k)$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_j} = -\\frac{1}{p_c} "
        "\\frac{\\partial p_c}{\\partial z_j}$$\n\n"
        "For $j \\neq c$: $\\frac{\\partial L}{\\partial z_j} = p_j$\n\n"
        "For $j \\neq c$: $\\frac{\\partial L}{\\partial z_j} = p_j - 1$\n",
        [(5, "needs-condition"), (7, "needs-condition"), (9, "wrong")]),
    "a bullet's cold case (y_i = 0) beside its hot case (y_i = 1)": (
        "Softmax $p_i = \\frac{e^{z_i}}{\\sum_{k} e^{z_k}}$, one-hot targets $y$.\n\n"
        "$$L = - \\sum_{k} y_k \\ln(p_k)$$\n\n"
        "* If $y_i = 1$: $\\frac{\\partial L}{\\partial z_i} = p_i - 1$\n"
        "* If $y_i = 0$: $\\frac{\\partial L}{\\partial z_i} = p_i$\n"
        "* If $y_i = 0$: $\\frac{\\partial L}{\\partial z_i} = p_i - 1$\n",
        [(5, "needs-condition"), (6, "needs-condition"), (7, "wrong")]),
    "a letter that replaces the softmax's denominator in a chain names it (D = sum e^z)": (
        "$$s_i = \\frac{e^{z_i}}{\\sum_{j} e^{z_j}} = \\frac{e^{z_i}}{D}$$\n\n"
        "$$\\frac{\\partial s_i}{\\partial z_i} = \\frac{e^{z_i} D - e^{z_i} e^{z_i}}{D^2}$$\n\n"
        "$$\\frac{\\partial s_i}{\\partial z_i} = \\frac{e^{z_i} D + e^{z_i} e^{z_i}}{D^2}$$\n",
        [(1, "ok"), (3, "ok"), (5, "wrong")]),
    "the document's own definition of the letter wins over what a chain suggests": (
        "$$s_i = \\frac{e^{z_i}}{\\sum_{j} e^{z_j}} = \\frac{e^{z_i}}{D}$$\n\n"
        "$$\\sum_{j} e^{2 z_j} = D$$\n",
        [(1, "wrong")]),
    "a letter that stands for two different things is not guessed": (
        "$$s_i = \\frac{e^{z_i}}{\\sum_{j} e^{z_j}} = \\frac{e^{z_i}}{D}$$\n\n"
        "$$\\frac{\\partial s_i}{\\partial z_i} = \\frac{1}{\\sum_{j} e^{2 z_j}} = "
        "\\frac{1}{D}$$\n\n"
        "$$\\frac{\\partial s_i}{\\partial z_i} = \\frac{e^{z_i} D - e^{z_i} e^{z_i}}{D^2}$$\n",
        [(5, "unreadable")]),
    "the diagonal derived first, then an entry that holds only off it: not decided": (
        "For the $i$-th item:\n\n"
        "$$\\frac{\\partial}{\\partial x_i} \\frac{e^{x_i}}{\\sum_j e^{x_j}} = "
        "\\frac{e^{x_i}}{\\sum_j e^{x_j}} - \\frac{e^{x_i} e^{x_i}}{(\\sum_j e^{x_j})^2}$$\n\n"
        "For the other items, denote one by $z$:\n\n"
        "$$\\frac{\\partial}{\\partial x_i} \\frac{e^{x_z}}{\\sum_j e^{x_j}} = "
        "- \\frac{e^{x_z} e^{x_i}}{(\\sum_j e^{x_j})^2}$$\n\n"
        "$$\\frac{\\partial}{\\partial x_i} \\frac{e^{x_z}}{\\sum_j e^{x_j}} = "
        "\\frac{e^{x_z} e^{x_i}}{(\\sum_j e^{x_j})^2}$$\n",
        [(3, "ok"), (7, "unreadable"), (9, "wrong")]),
    "a list of glosses with hatted names and spaced commas: each its own item": (
        "$$\\text{where } x = \\text{inputs}, \\hat{y} = \\text{predictions}, \\ b = "
        "\\text{bias}$$\n",
        [(1, "skipped"), (1, "skipped"), (1, "skipped")]),
    "a batch's mean loss (1/m) sum L_i leaves the one-example loss L its definition": (
        "$$L = -\\sum_{k} y_k \\log(p_k), \\quad p_k = \\frac{e^{z_k}}{\\sum_{j} e^{z_j}}$$\n\n"
        "$$\\frac{\\partial L}{\\partial p_k} = -\\frac{y_k}{p_k}$$\n\n"
        "$$\\frac{\\partial L}{\\partial p_k} = \\frac{y_k}{p_k}$$\n\n"
        "For a batch of $m$ examples the mean loss is $L = \\frac{1}{m} \\sum L_i$.\n",
        [(3, "ok"), (5, "wrong"), (7, "skipped")]),
    "the diagonal derived first, then the same letters' entry that fails at i = j: wrong": (
        "Let $y_i = \\frac{e^{z_i}}{S}$ with $S = \\sum_k e^{z_k}$.\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i)$$\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_j} = - \\frac{e^{z_i} e^{z_j}}{S^2}$$\n",
        [(3, "ok"), (5, "wrong")]),
    "the quotient rule with primes on bare letters u, v: generic functions, + is wrong": (
        "$$(\\frac{u}{v})' = \\frac{u'v - uv'}{v^2}$$\n\n"
        "$$(\\frac{u}{v})' = \\frac{u'v + uv'}{v^2}$$\n",
        [(1, "ok"), (3, "wrong")]),
    "primes on letters the document defines from the logits are not generic functions": (
        SM + "Let $u = e^{z_i}$ and $v = \\sum_k e^{z_k}$.\n\n"
        "$$(\\frac{u}{v})' = \\frac{u'v + uv'}{v^2}$$\n",
        [(5, "unreadable")]),
    "a prime on sigma with its argument, sigma'(x), is its derivative at x": (
        "Let $\\sigma(x) = \\frac{1}{1+e^{-x}}$.\n\n"
        "$$\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$$\n\n"
        "$$\\sigma'(x) = \\sigma(x)(1+\\sigma(x))$$\n",
        [(3, "ok"), (5, "wrong")]),
    "a capital letter nobody defines under e^{z_i} is the softmax's normaliser": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = \\frac{e^{z_i} S - e^{z_i} e^{z_i}}{S^2}"
        " = \\frac{e^{z_i}}{S} (1 - y_i)$$"
        "\n\n$$\\frac{\\partial y_i}{\\partial z_i} = \\frac{e^{z_i} S + e^{z_i} e^{z_i}}{S^2}$$\n",
        [(3, "ok"), (3, "ok"), (5, "wrong")]),
    "two capital letters under e^{z_i} are not guessed to be the normaliser": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = \\frac{e^{z_i} S - e^{z_i} e^{z_i}}{S^2}$$"
        "\n\n$$\\frac{e^{z_i}}{Q} = y_i$$\n",
        [(3, "unreadable")]),
    "the quotient rule with the variable written on the left: d/dx [f/g] = (f'g - fg')/g^2": (
        "Let $x_i$ be the inputs.\n\n"
        "$$\\frac{\\partial}{\\partial x} \\left[\\frac{f}{g}\\right] = \\frac{f'g-fg'}{g^2}$$\n\n"
        "$$\\frac{\\partial}{\\partial x} \\left[\\frac{f}{g}\\right] = \\frac{f'g+fg'}{g^2}$$\n",
        [(3, "ok"), (5, "wrong")]),
    "set membership (z in R^K, in (0, 1), i in {1..K}) is listed as skipped, never dropped, "
    "and the side before it is read": (
        "For $z \\in \\mathbb{R}^K$ the softmax is\n\n"
        "$$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} \\in (0, 1)$$\n\n"
        "$$\\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i), \\quad i \\in \\{1, \\dots, K\\}$$\n",
        [(1, "skipped"), (3, "ok"), (3, "skipped"), (5, "ok"), (5, "skipped")]),
    "a programmer's i==j names the case": (
        SM + "When $i==j$:\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$$\n\n"
        "When $i==j$:\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 + y_i)$$\n",
        [(3, "skipped"), (5, "ok"), (7, "skipped"), (9, "wrong")]),
    "log glued to its argument after a subscript (\\hat{y}_klogy_k) is the log": (
        SM + "$$C = -\\sum_{k} \\hat{y_k}logy_k$$\n\n"
        "$$\\frac{\\partial C}{\\partial y_k} = -\\frac{\\hat{y_k}}{y_k}$$\n",
        [(5, "ok")]),
    "Markdown's escaped underscore y\\_k is the subscript": (
        "$$y\\_i = \\frac{e^{z\\_i}}{\\sum\\_k e^{z\\_k}}$$\n\n"
        "$$\\frac{\\partial y\\_i}{\\partial z\\_i} = y\\_i (1 - y\\_i)$$\n\n"
        "$$\\frac{\\partial y\\_i}{\\partial z\\_i} = y\\_i (1 + y\\_i)$$\n",
        [(3, "ok"), (5, "wrong")]),
    "the author's own macros (\\newcommand with arguments, \\def, \\DeclareMathOperator) are "
    "expanded, so a wrong step written with them is caught": (
        "$\\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}} \\def\\Z{\\sum_k e^{z_k}}"
        "\\DeclareMathOperator{\\sm}{softmax}$\n\n"
        "Let $y_i = \\frac{e^{z_i}}{\\Z}$.\n\n"
        "$$\\pd{y_i}{z_i} = \\frac{e^{z_i}\\Z - e^{z_i} e^{z_i}}{(\\Z)^2} = y_i (1 - y_i)$$\n\n"
        "$$\\pd{y_i}{z_j} = y_i y_j$$ for $i \\ne j$.\n\n"
        "$$\\sm(z)_i = y_i$$\n",
        [(5, "ok"), (5, "ok"), (7, "wrong"), (7, "skipped"), (9, "ok")]),
    "a case written with the class label (1. $y_i = j$:) is the case c = j of s_{y_i}, and "
    "not a definition of y_i": (
        "$$P_i = \\frac{e^{s_{y_i}}}{\\sum_k e^{s_k}}$$\n\n"
        "1. $y_i = j$:\n\n"
        "   $$\\frac{\\partial P_i}{\\partial s_j} = P_i (1 - P_i)$$\n\n"
        "2. $y_i \\neq j$\n\n"
        "   $$\\frac{\\partial P_i}{\\partial s_j} = -P_i \\frac{e^{s_j}}{\\sum_k e^{s_k}}$$\n\n"
        "3. $y_i \\neq j$\n\n"
        "   $$\\frac{\\partial P_i}{\\partial s_j} = P_i \\frac{e^{s_j}}{\\sum_k e^{s_k}}$$\n",
        [(3, "skipped"), (5, "ok"), (7, "skipped"), (9, "ok"), (13, "wrong")]),
    "a definition whose left side is not read (Softmax: P_i = ...) is not replaced by a guess: "
    "the steps that use P depend on it": (
        "$$Softmax: P_i = \\frac{e^{s_i}}{\\sum_j e^{s_j}}$$\n\n"
        "$$\\frac{\\partial P_i}{\\partial s_j} = P_i(\\delta_{ij} + P_j)$$\n",
        [(3, "unreadable")]),
    "one-hot stated in Chinese words (只有一个类是1) states the condition": (
        SM + "由于只有一个类是1，其他都是0，所以：\n\n"
        "$$\\frac{\\partial L}{\\partial z_i} = y_i\\sum_k t_k - t_i = y_i - t_i$$\n\n"
        "where $L = -\\sum_k t_k \\log y_k$.\n",
        [(5, "ok"), (5, "needs-condition")]),
    "inline math written as a code span for MathJax (Hexo: `\\(…\\)`) is read": (
        SM + "So `\\(\\frac{\\partial y_i}{\\partial z_i} = y_i(1 - y_i)\\)` and "
        "`\\(\\frac{\\partial y_i}{\\partial z_i} = y_i(1 + y_i)\\)`, but `x = 1` is code.\n",
        [(3, "ok"), (3, "wrong")]),
    "an inline formula in a sentence that assumes it (suppose, 假设, 若) is an assumption; "
    "after 'so' it is a claim": (
        SM + "Suppose the logits are centred, $\\sum_k z_k = 0$. 假设均值为0，那么就有"
        "$\\sum_k z_k = 0$。 若 $\\sum_k z_k = 0$ 时，有：\n\n"
        "Suppose $t$ is one-hot, so $\\sum_k t_k = 0$.\n",
        [(3, "skipped"), (3, "skipped"), (3, "skipped"), (5, "wrong")]),
    "algebra over names nothing defines is ok when it holds for every value of them, and not "
    "read (never wrong) when it does not": (
        SM + "$$\\frac{1}{T}(\\frac{1+u_i/T}{K}-\\frac{1+v_i/T}{K}) = "
        "\\frac{1}{KT^2}(u_i-v_i)$$\n\n"
        "$$\\frac{1}{T}(\\frac{1+u_i/T}{K}-\\frac{1+v_i/T}{K}) = \\frac{1}{KT}(u_i-v_i)$$\n",
        [(3, "ok"), (5, "unreadable")]),
    "g(x) = e^{z_i} (no x in its formula): g' is by the entry the nearest earlier formula "
    "differentiates by, so a quotient rule applied in a later display is decided": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_j} = \\frac{\\partial}{\\partial z_j}"
        "\\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n"
        "$$g(x) = e^{z_i}, \\quad h(x) = \\sum_k e^{z_k}$$\n\n"
        "Let $S = \\sum_k e^{z_k}$. For $i \\neq j$:\n\n"
        "$$\\frac{g'(x)h(x)-h'(x)g(x)}{(h(x))^2} = \\frac{0 \\cdot S - e^{z_j}e^{z_i}}{S^2}$$\n\n"
        "$$\\frac{g'(x)h(x)-h'(x)g(x)}{(h(x))^2} = \\frac{e^{z_i} S - e^{z_j}e^{z_i}}{S^2}$$\n",
        [(3, "ok"), (9, "ok"), (11, "wrong")]),
    "an inline case with a colon before an inline formula ($i \\neq j$: $A$) holds for it": (
        SM + "**(b)** $i = j$: $\\frac{\\partial y_i}{\\partial z_i} = y_i(1 - y_i)$ (like the "
        "sigmoid)\n$i \\neq j$: $\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$ (minus!)\n"
        "$i \\neq j$: $\\frac{\\partial y_i}{\\partial z_j} = y_i y_j$\n",
        [(3, "ok"), (4, "ok"), (5, "wrong")]),
    "a target name differentiated by the logits (∂y_i/∂x_j beside -y_c log ŷ_c) is the softmax "
    "output on that line, and said": (
        "The loss is $-y_c \\log(\\hat{y}_c)$ with $y_c = 1$, and "
        "$\\text{softmax}(x_i) = \\frac{e^{x_i}}{\\sum_k e^{x_k}}$.\n\n"
        "$$\\frac{\\partial y_i}{\\partial x_j} = -\\frac{e^{x_j} e^{x_i}}{(\\sum_k e^{x_k})^2}"
        " = -y_i y_j$$ for $i \\neq j$.\n\n"
        "$$\\frac{\\partial y_i}{\\partial x_i} = y_i (1 + y_i)$$\n",
        [(3, "ok"), (3, "ok"), (5, "wrong")]),
    "a side that is an equation's number (式(1) = …, Eq. (1) = …) names that equation: not "
    "read, never compared with the number 1": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_j} = "
        "\\frac{0 - e^{z_i}e^{z_j}}{(\\sum_k e^{z_k})^2}"
        " \\qquad (1)$$\n\n"
        "$$\\begin{aligned} 式(1) &= -y_i y_j \\end{aligned}$$\n\n"
        "$$\\text{Eq.}(1) = -y_i y_j$$\n",
        [(5, "unreadable"), (7, "unreadable")]),
    "the correct answer (index $c$) of one-hot targets names the hot class": (
        "$$C = -\\sum_i y_i \\ln a_i$$\n\n"
        "The vector of expected outputs $y$ is one-hot encoded: the component of the correct "
        "answer (index $c$) is $1$, all the others are $0$.\n\n"
        "$$a_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$\n\n"
        "$$\\frac{\\partial C}{\\partial a_c} = -\\frac{1}{a_c}$$\n\n"
        "$$\\frac{\\partial C}{\\partial a_c} = \\frac{1}{a_c}$$\n",
        [(7, "needs-condition"), (9, "wrong")]),
    "a \\sum without its index over a letter that is free on the other side reads two ways": (
        SM + "$$L = -\\sum_k t_k \\log y_k$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_i} = \\sum \\frac{\\partial L}{\\partial y_i}"
        "\\frac{\\partial y_i}{\\partial z_i}$$\n",
        [(5, "unreadable")]),
    "a definition not read before a step, and the name defined readably only after it: the step "
    "depends on the one not read": (
        SM + "$$L = -\\sum_k t_k \\log y_k + \\Vert W \\Vert$$\n\n"
        "$$\\frac{\\partial L}{\\partial y_k} = -\\frac{t_k}{y_k}$$\n\n"
        "A squared error $L = \\frac{1}{2}\\sum_k (y_k - t_k)^2$ gives the same.\n",
        [(5, "unreadable")]),
    "a section that defines the loss anew only after its steps (an aside below them) does not "
    "apply that definition backwards": (
        SM + "$$L = -\\sum_k t_k \\log y_k$$\n\n"
        "## Together\n\n"
        "$$\\frac{\\partial L}{\\partial y_k} = -\\frac{t_k}{y_k}$$\n\n"
        "A linear output with squared error $L = \\frac{1}{2}\\sum_k (y_k - t_k)^2$ gives "
        "$y - t$ too.\n",
        [(7, "unreadable")]),
    "the cross-entropy's gradient stated as a premise (∂L/∂a_i = -y_i/a_i, L defined nowhere) "
    "defines L: listed as taken as given, the steps after it decided": (
        SM.replace("y_i", "a_i").replace("y", "a") +
        "$$\\frac{\\partial L}{\\partial a_i} = -\\frac{y_i}{a_i}$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_i} = \\sum_j \\frac{\\partial L}{\\partial a_j}"
        "\\frac{\\partial a_j}{\\partial z_i} = a_i \\sum_j y_j - y_i$$\n\n"
        "$$\\frac{\\partial L}{\\partial z_i} = a_i + y_i$$\n",
        [(3, "skipped"), (5, "ok"), (5, "ok"), (7, "wrong")]),
    "rows of an aligned in \\left\\{ … \\right. with their case in brackets are cases": (
        SM + "$$\\frac{\\partial y_j}{\\partial z_i}=\\left\\{\\begin{aligned}\n"
        "    y_i-y_i y_j\\qquad(i=j)\\\\\n    -y_i y_j\\qquad(i\\not ={j})\n"
        "\\end{aligned} \\right.$$\n\n"
        "$$\\frac{\\partial y_j}{\\partial z_i}=\\left\\{\\begin{aligned}\n"
        "    y_i-y_i y_j\\qquad(i=j)\\\\\n    y_i y_j\\qquad(i\\neq j)\n"
        "\\end{aligned} \\right.$$\n",
        [(3, "ok"), (8, "wrong")]),
    "a temperature the prose sets aside (忽略 $T$, ignoring $T$): a step true with T = 1 is not "
    "judged, one false even then is wrong": (
        "$$q_i = \\frac{\\exp(z_i/T)}{\\sum_j \\exp(z_j/T)}$$\n\n"
        "Ignoring $T$ for now (we multiply by $\\frac{1}{T}$ at the end):\n\n"
        "$$\\frac{\\partial q_i}{\\partial z_i} = q_i (1 - q_i)$$\n\n"
        "$$\\frac{\\partial q_i}{\\partial z_i} = q_i (1 + q_i)$$\n",
        [(5, "unreadable"), (7, "wrong")]),
    "a sum over a {…} group with a + or - inside reads two ways (the group, or the first term "
    "as it renders)": (
        SM + "$$\\frac{\\partial y_i}{\\partial z_i} = \\frac{e^{z_i} \\cdot \\sum_k{e^{z_k} - "
        "(e^{z_i})^2}}{(\\sum_k{e^{z_k}})^2}$$\n",
        [(3, "unreadable")]),
    "French case words (Lorsque $j = i$) state the case": (
        SM + "- Lorsque $j = i$\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i(1 - y_i)$$\n\n"
        "- Lorsque $j \\neq i$\n\n$$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$$\n",
        [(5, "ok"), (9, "ok")]),
    "Nielsen's layer superscripts (a_j^L, z_k^L, a_k^{L-1}) label the layer, not a power": (
        "$$z_j^L = \\sum_k w_{jk}^L a_k^{L-1} + b_j^L$$\n\n"
        "$$a_j^L = \\frac{e^{z_j^L}}{\\sum_k e^{z_k^L}}$$\n\n"
        "$$C = -\\ln a_y^L = \\ln \\sum_k e^{z_k^L} - z_y^L$$\n\n"
        "$$\\frac{\\partial C}{\\partial z_j^L} = a_j^L + 1$$ for $j = y$.\n",
        [(5, "ok"), (7, "wrong")]),
    "Iverson's bracket [i{=}j] is the delta, and an undefined \\softmax macro is softmax": (
        "$p = \\softmax(z)$, $L = -\\sum_i y_i \\log p_i$.\n\n"
        "$$\\frac{\\partial p_i}{\\partial z_j} = p_i([i{=}j] - p_j)$$\n\n"
        "$$\\frac{\\partial p_i}{\\partial z_j} = p_i([i=j] + p_j)$$\n",
        [(3, "ok"), (5, "wrong")]),
    "max as one number": (
        SM + "$$c = \\max_k z_k$$\n\n$$\\frac{e^{z_i - c}}{\\sum_k e^{z_k - c}} = y_i$$\n",
        [(5, "ok")]),
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_construct(name: str) -> None:
    doc, want = CONSTRUCTS[name]
    report = check_document(doc, "t.md")
    got = [(s.line, s.verdict) for s in report.steps] + [(k.line, "skipped")
                                                         for k in report.skipped]
    detail = [(s.line, s.verdict, s.lhs, s.rhs, s.reason) for s in report.steps]
    for item in want:
        assert item in got, (item, detail, report.skipped, report.notes)
        got.remove(item)


def test_undone_error_is_named() -> None:
    report = check_document(CONSTRUCTS["a step that undoes an earlier error is still wrong, and "
                                       "says so"][0], "t.md")
    first, second = [s for s in report.steps if s.line == 3]
    assert "undoes" not in first.reason
    assert "it undoes the error at line 3" in second.reason


def test_no_softmax_of_a_name_never_exponentiated() -> None:
    doc = CONSTRUCTS["the loss's prediction is not the softmax of a name the document never "
                     "exponentiates"][0]
    assert not any("softmax of w" in n for n in check_document(doc, "t.md").notes)


def test_implicit_softmax_is_said() -> None:
    report = check_document(CONSTRUCTS["implicit softmax outputs"][0], "t.md")
    assert any("read as the softmax of z" in n for n in report.notes)


def test_unreadable_definition_is_named() -> None:
    report = check_document(CONSTRUCTS["depends on a definition that could not be read"][0])
    (step,) = [s for s in report.steps if s.line == 5]
    assert "depends on E (line 3)" in step.reason


QUOTIENT = ("Let $f(x) = \\frac{g(x)}{h(x)}$.\n\n"
            "$$f'(x) = {g'(x)h(x) + g(x)h'(x) \\over h(x)^2}$$\n")


def test_generic_functions_and_primes_are_read() -> None:
    from derive.check import ast as A
    from derive.check.definitions import learn
    from derive.check.extract import extract

    ex = extract(QUOTIENT)
    model, specs = learn(ex.chains, ex.prose)
    assert set(model.functions) == {"f", "g", "h"}  # f defined, g and h generic
    (step,) = specs
    assert step.lhs_node == A.Deriv(A.Apply("f", A.Sym("x")), A.Sym("x"))
    assert any(isinstance(n, A.Deriv) and n.f == A.Apply("g", A.Sym("x"))
               for n in A.walk(step.rhs_node))


def test_quotient_rule_with_plus_is_wrong_with_a_counterexample() -> None:
    report = check_document(QUOTIENT)
    (step,) = [s for s in report.steps if s.verdict == "wrong"]
    assert step.counterexample is not None


def test_counterexample_shows_the_example_targets() -> None:
    """The example's t = [0, 1, 0] decides the step, so the counterexample shows those values."""
    report = check_document(CONSTRUCTS["targets given by value in an example"][0], "t.md")
    (step,) = [s for s in report.steps if s.verdict == "wrong"]
    assert step.counterexample is not None
    assert dict(step.counterexample.values)["t"] == (0.0, 1.0, 0.0)


def test_one_hot_said_of_a_symbol_in_a_sentence_about_the_softmax() -> None:
    """'The softmax is …, where $y$ is one-hot': the clause states it of the targets; 'the
    softmax output $p$ sums to one' does not."""
    head = ("The softmax is $p_j = \\frac{e^{o_j}}{\\sum_k e^{o_k}}$ and the loss is "
            "$l = -\\sum_k y_k \\log p_k$")
    stated = check_document(head + ", where $y$ is a one-hot vector.\n\n"
                            "$$\\frac{\\partial l}{\\partial o_j} = p_j - y_j$$\n", "a.md")
    said = [s for s in stated.steps if s.kind == "step"]
    assert [(s.verdict, s.condition_stated) for s in said] == [("needs-condition", True)]
    output = check_document(head + "; the softmax output $p$ sums to one.\n\n"
                            "$$\\frac{\\partial l}{\\partial o_j} = p_j - y_j$$\n", "b.md")
    said = [s for s in output.steps if s.kind == "step"]
    assert [(s.verdict, s.condition_stated) for s in said] == [("needs-condition", False)]


def test_a_sum_under_a_brace_labelled_1_states_the_condition() -> None:
    """'\\underbrace{\\sum_j t_j}_{=1}': the author states Σt = 1 there; the label's = is listed."""
    doc = (SM + "$$-t_i + y_i \\underbrace{\\sum_j t_j}_{=1} = y_i - t_i$$\n\n"
           "$$-t_i + y_i \\sum_j t_j = y_i + t_i$$\n")
    report = check_document(doc, "b.md")
    steps = [(s.line, s.verdict, s.condition_stated) for s in report.steps if s.kind == "step"]
    assert steps == [(3, "needs-condition", True), (5, "wrong", None)]
    assert any("brace" in k.why for k in report.skipped if k.line == 3)


@pytest.mark.parametrize("words, stated", [("For a target distribution $p$", True),
                                           ("For the true distribution $p$", True),
                                           ("The softmax is the predicted distribution;", False)])
def test_a_target_distribution_states_that_the_targets_sum_to_1(words: str, stated: bool) -> None:
    doc = ("Softmax $q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$. " + words + " the loss is "
           "$L = -\\sum_j p_j \\log q_j$.\n\n$$\\frac{\\partial L}{\\partial z_i} = q_i - p_i$$\n")
    (step,) = [s for s in check_document(doc, "t.md").steps if s.line == 3]
    assert step.verdict == "needs-condition"
    assert ("the document states it" in step.reason) is stated, step.reason


def test_a_mean_cross_entropy_over_examples_is_not_compared_but_a_wrong_sign_is() -> None:
    mean = SM + ("The cross-entropy loss over a batch is "
                 "$L = -\\frac{1}{N}\\sum_{i} t_i \\log(y_i)$.\n")
    report = check_document(mean, "t.md")
    assert [s.verdict for s in report.steps if s.line == 3] == []
    assert any("a mean over examples" in n for n in report.notes)
    sign = SM + "The cross-entropy loss is $L = \\sum_{i} t_i \\log(y_i)$.\n"
    assert [s.verdict for s in check_document(sign, "t.md").steps if s.line == 3] == ["wrong"]
