"""Each rule of the reading stage's two tables, on its own."""

from __future__ import annotations

import pytest

from derive.check import normalize as N
from derive.check.parser import parse_member

# (rule, input, expected output or a substring of it)
REGION_CASES = [
    (N.blank_number_tags, "A = \\begin{bmatrix} a \\end{bmatrix}    (1)\nx = y \\qquad (2)",
     "A = \\begin{bmatrix} a \\end{bmatrix}" + " " * 7 + "\nx = y \\qquad" + " " * 4),
    (N.blank_number_tags, "y = f(1)", "y = f(1)"),
    (N.blank_hspace, r"a, \enspace b \newline", "a, " + " " * 8 + " b \\\\" + " " * 6),
    (N.html_entities, "H &amp;= -a &lt; b", "H &    = -a <    b"),
    (N.html_entities, "a &amp;&amp;\\text{x}", "a &&        \\text{x}"),
    (N.triple_backslashes, "y = \\\\\\frac{e^{x_i}}{\\\\\\sum e^{x_d}}",
     "y =   \\frac{e^{x_i}}{  \\sum e^{x_d}}"),
    (N.triple_backslashes, "a \\\\\\alpha \\frac{1}{2}", "a \\\\\\alpha \\frac{1}{2}"),
    (N.blank_hspace, r"a \hspace{10pt} = b", "a " + " " * 13 + " = b"),
    (N.unicode_indicator, r"q_i - \unicode{x1D7D9}(y=i)", r"q_i - \mathbb{1}      (y=i)"),
    (N.arrow_between_equations,
     r"S_j = \frac{e^{z_j}}{Z} \rightarrow \frac{\partial S_j}{\partial z_k} = ?",
     r"\frac{e^{z_j}}{Z} \implies    \frac"),
    (N.arrow_between_equations, r"f : R^N \rightarrow R^N, \quad y = f(z)", r"R^N \rightarrow R^N"),
    (N.boxed_rows, r"o = \boxed{2}\boxed{3}\boxed{4}", "(2, 3, 4)"),
    (N.blank_step_labels, r"a &= b &&\text{\small (2) rule, using $\sum_k t_k = 1$}", "a &= b &&"),
    (N.blank_zero_width, "a\u200b= b", "a = b"),
    (N.blank_cjk_glosses, "a = Cb (C는 임의의 상수)", "a = Cb " + " " * 11),
    (N.blank_cjk_glosses, "a = b（常数）+ c", "a = b    + c"),
    (N.blank_cjk_glosses, "a = b (当 i=j 时)", "a = b (当 i=j 时)"),  # a case: kept
    (N.blank_cjk_glosses, "a = (b + c)", "a = (b + c)"),
    (N.mask_indicator_conditions, r"p_i([i{=}j] - p_j) = b", "[i{" + N.IND_EQ + "}j]"),
    (N.mask_indicator_conditions, r"[a + b] = c", r"[a + b] = c"),
    (N.escaped_row_breaks, r"\begin{cases} a & i = j \ b & i \neq j \end{cases}",
     r"\begin{cases} a & i = j \\b & i \neq j \end{cases}"),
    (N.escaped_row_breaks, r"\begin{cases} a & i = j \\ b\ c & i \neq j \end{cases}",
     r"\begin{cases} a & i = j \\ b\ c & i \neq j \end{cases}"),  # a real row break: \ is a space
    (N.brace_aligned_cases, "d = \\left\\{\\begin{aligned} a \\qquad (i=j) \\\\ "
     "b \\qquad (i \\not ={j})\\end{aligned}\\right.", "\\neq j\\end{cases}"),
    (N.brace_aligned_cases, "d = \\left\\{\\begin{aligned} a \\\\ b \\end{aligned}\\right.",
     "\\left\\{\\begin{aligned}"),  # no case after a row: not cases
    (N.mask_indicator_conditions, r"a_i(1\lbrace i=j\rbrace - a_j) = b", "i" + N.IND_EQ + "j"),
    (N.mask_indicator_conditions, r"\mathbb{1}(i = j)", "i " + N.IND_EQ + " j"),
    (N.mask_indicator_conditions, r"p_k - 1(y_i = k)", "y_i " + N.IND_EQ + " k"),
    (N.unwrap_cases_of_equations, "\\begin{cases} a = b, & i = j \\\\ c = d, & i \\neq j "
     "\\end{cases}", "a = b,   i = j"),
    (N.blank_nested_environments, r"\begin{align} a &= b \end{align}", " a &= b "),
    (N.blank_displaylines, r"\displaylines{a \\ b}", r"a \\ b"),
    (N.blank_labels, r"a = b \tag{3} \label{eq:x} \nonumber", "a = b"),
    (N.blank_colour, r"\color{red}{a = b}", "a = b"),
    (N.blank_colour, r"\textcolor{cyan}{\Sigma} = c", r"\Sigma"),
    (N.blank_boxes, r"\boxed{a = b}", "a = b"),
    (N.blank_bold_relations, r"\mathbf{a = b}", "a = b"),
    (N.blank_empty_delimiters, r"\left. \frac{a}{b} \right|", r"\frac{a}{b}"),
    (N.blank_style, r"\displaystyle\sum_k", r"\sum_k"),
    (N.blank_style, r"\Large\Large\frac{a}{b} = \large{c = d}", r"        c = d "),
    (N.blank_row_spacing, r"a = b \\[1.6em] = c", r"a = b \\"),
    (N.blank_therefore, r"\therefore a = b", "a = b"),
    (N.blank_bracket_tags, r"s_i = y_i   \text{[Softmax function]}", "s_i = y_i   "),
    (N.blank_braces_labels, r"-y_i + p_i\underbrace{\sum_k y_k}_{=1} = p_i - y_i",
     r"{\sum_k y_k}      = p_i"),
    (N.escaped_space_separators, r"g_i = e^{a_i} \ \ \ h_i = 2", r"e^{a_i} \quad"),
]

MEMBER_CASES = [
    (N.indicators, "p_i([i{" + N.IND_EQ + "}j] - p_j)", "p_i(\\delta_{ij} - p_j)"),
    (N.indicators, "\\mathbb{1}[i " + N.IND_EQ + " j] - s_j", "\\delta_{ij} - s_j"),
    (N.decorations, r"\boldsymbol{\sigma}\boldsymbol{\sigma}^T + \boldsymbol{\omega}",
     r"\sigma\sigma^T + \boldsymbol{\omega}"),
    (N.layer_superscripts, r"\Delta_j^L + \delta_{i}^{L} + \sum_k^K",
     r"\Delta_j + \delta_{i} + \sum_k^K"),
    (N.pi_as_name, r"\pi(v) + \pi_k + 2\pi + \pi^2 + \pix",
     r"\Pi(v) + \Pi_k + 2\pi + \Pi^2 + \pix"),
    (N.braced_letter_entry, r"\sum_k {z}_k + \exp{z}_k + e^{z}_k + \frac{a}{b}_k",
     r"\sum_k  z_k + \exp z_k + e^{z}_k + \frac{a}{b}_k"),
    (N.double_braces, r"\sum_{k=1}^{{n}} e^{{{z_k}}} + \{ {i} \}",
     r"\sum_{k=1}^{n} e^{z_k} + \{ {i} \}"),
    (N.jacobian_names, r"J_x(s) + J_{z}(y) - J_x", r"J + J - J_x"),
    (N.general_dots_sums, r"-Y_1 L_1 - Y_2 L_2 - \cdots - Y_C L_C",
     r" - {\sum_{k=1}^{C} Y_{k} L_{k}} "),
    (N.general_dots_sums, r"Y_1 L_1 - Y_2 L_2 - \cdots - Y_C L_C",
     r"Y_1 L_1 - Y_2 L_2 - \cdots - Y_C L_C"),
    (N.group_primes, r"\left(\frac{a}{b}\right)' + (e^{z_k})'",
     r"\frac{\partial}{\partial \primevar}\left(\frac{a}{b}\right) + "
     r"\frac{\partial}{\partial \primevar}\left(e^{z_k}\right)"),
    (N.braced_partials, r"\partial {e^{a_i} \over S}", r"\partial {e^{a_i} \over S}"),
    (N.exp_subscript_slip, r"e^a_i \sum - e^a_{j} e^{a_k}", r"e^{a_i} \sum - e^{a_{j}} e^{a_k}"),
    (N.text_conditions, r"S_i(1 - S_j) & \text{$i = j$}", r"S_i(1 - S_j) & i = j"),
    (N.text_conditions, r"e^{a_j} & \text{if $i = j$,} 0 & \text{if $i \neq j.$}",
     r"e^{a_j} & \text{if } i = j 0 & \text{if } i \neq j"),
    (N.part_alias, r"\frac{\part S_i}{\part a_j} + \partial",
     r"\frac{\partial S_i}{\partial a_j} + \partial"),
    (N.leading_connectives, r"and \sum_{i} q_i", r"\sum_{i} q_i"),
    (N.leading_connectives, r"andy + a", r"andy + a"),
    (N.cases_missing_ampersand, r"\begin{cases} 1 \text{if y=i}\\ 0 \text{otherwise}\\ \end{cases}",
     r"\begin{cases} 1 & \text{if y=i}\\ 0 & \text{otherwise}\\ \end{cases}"),
    (N.star_names, r"y^*_j - y^{*}_i + x^2", r"\check{y}_j - \check{y}_i + x^2"),
    (N.unindexed_exp_sums, r"\frac{e^{z_b}}{\sum e^{z}} + \sum_j e^z + \sum e^{z_k}",
     r"\frac{e^{z_b}}{\sum_{k} e^{z_{k}}} + \sum_{j} e^{z_{j}} + \sum e^{z_k}"),
    (N.unindexed_exp_sums, r"\frac{e^j}{\sum_i e^i}", r"\frac{e^j}{\sum_i e^i}"),
    (N.unindexed_exp_sums, r"\frac{e^z}{\sum e^z}", r"\frac{e^z}{\sum e^z}"),
    (N.cases_paren_conditions, r"\begin{cases} a & (i = j) \\ b & (i \neq j) \end{cases}",
     r"\begin{cases} a & i = j \\ b & i \neq j \end{cases}"),
    (N.cases_paren_conditions, r"a & (i = j)", r"a & (i = j)"),
    (N.call_on_entry, r"\phi(z_j) (1 - \phi\left(z_{i}\right))", r"\phi_j (1 - \phi_{i})"),
    (N.class_labels, r"f_{y_i} + \sum_{j \neq y_i} e^{f_j} + \delta_{k,y_{i}} + 1(y_i "
     + N.IND_EQ + " k)", r"f_{c} + \sum_{j \neq c} e^{f_j} + \delta_{k,c} + 1(c "
     + N.IND_EQ + " k)"),
    (N.class_labels, r"y_i + x_{j} - y_i^2", r"y_i + x_{j} - y_i^2"),
    (N.jacobian_operator, r"D_jS_i + D_{j} \hat{y}_{i} + D_1 S_N",
     r"\frac{\partial S_i}{\partial \logitof_{j}} + \frac{\partial \hat{y}_{i}}"
     r"{\partial \logitof_{j}} + \frac{\partial S_N}{\partial \logitof_{1}}"),
    (N.jacobian_operator, r"\mathrm{D}_j S_i + AD_jS_i", r"\mathrm{D}_j S_i + AD_jS_i"),
    (N.indicators, r"y_i(1_{i=j} - y_j) + \mathbb{1}_{k = c} - 1_{i \neq j} + x_1_{i=j}",
     r"y_i(\delta_{ij} - y_j) + \delta_{kc} - (1 - \delta_{ij}) + x_1_{i=j}"),
    (N.case_subscripts, r"\mathbb{1}_{i=j} + 1_{k=c} + y_{k=i}",
     r"\mathbb{1}_{i=j} + 1_{k=c} + y_{i}"),
    (N.sum_subscript_forms, r"\sum_{\substack{k=1 \\ k \neq i}}^{K} y_k + \sum_{j!=i} y_j "
     r"+ \sum_{j=1, j\ne{i}}^{C} y_j",
     r"\sum_{k=1 ,  k \neq i}^{K} y_k + \sum_{j\neq i} y_j + \sum_{j=1, j\neq i}^{C} y_j"),
    (N.dot_products, r"\frac{a}{b} . \frac{c}{d} - \frac{y_i}{A_i}.{A_i} + 0.5 x + y./p",
     r"\frac{a}{b} \cdot \frac{c}{d} - \frac{y_i}{A_i} \cdot {A_i} + 0.5 x + y./p"),
    (N.operator_before_minus, r"\frac{\partial}{\partial \theta_k} - \sum_i y_i \log p_i",
     r"\frac{\partial}{\partial \theta_k} \left(- \sum_i y_i \log p_i\right)"),
    (N.operator_before_minus, r"a \frac{\partial}{\partial x} - b",
     r"a \frac{\partial}{\partial x} - b"),
    (N.double_sums, r"\sum_{i,j} v_i \delta_{ij} v_j + \sum_{i,j}^{K} x",
     r"\sum_{i} \sum_{j} v_i \delta_{ij} v_j + \sum_{i,j}^{K} x"),
    (N.brace_cases, r"\left\{ \begin{array}{ll} a & \text{if } i=j \\ b & {\text { if otherwise }}"
     r" \end{array}\right.",
     r"\begin{cases} a & \text{if } i=j \\ b & \text{ if otherwise } \end{cases}"),
    (N.brace_cases, r"\left\{ x \right\}", r"\left\{ x \right\}"),
    (N.function_power, r"\exp(z_i)^2 + \log(x) + \exp(a(b))^{2}",
     r"(\exp(z_i))^2 + \log(x) + (\exp(a(b)))^{2}"),
    (N.empty_scripts, r"\sum_{i}^{}\sum_{j}^{ } w_{ij}^2 + x_{} + \_{}",
     r"\sum_{i}\sum_{j} w_{ij}^2 + x + \_{}"),
    (N.primes, r"\sigma'(x) + g'(t) + \alpha'(x)",
     r"\frac{\partial \sigma(x)}{\partial x} + \frac{\partial g(t)}{\partial t} + \alpha'(x)"),
    (N.sum_limits, r"\frac{e^{z_i}}{\sum_{j=1} e^{z_j}} + \sum_{k=1}^{K} y_k",
     r"\frac{e^{z_i}}{\sum_{j} e^{z_j}} + \sum_{k=1}^{K} y_k"),
    (N.escaped_underscores, r"L\_i = -\log y\_{k}", r"L _i = -\log y _{k}"),
    (N.spaced_subscripts, r"L _i = -\log y _{q _i} + \sum _k x", r"L_i = -\log y_{q_i} + \sum_k x"),
    (N.letter_primes, r"\frac{u'v - uv'}{v^2} + f'(x) + \nu' + y'",
     r"\frac{\frac{\partial u}{\partial \primevar}v - u\frac{\partial v}{\partial \primevar}}"
     r"{v^2} + f'(x) + \nu' + y'"),
    (N.trailing_empty_group, r"\frac{\partial y_j}{\partial z_i}{}",
     r"\frac{\partial y_j}{\partial z_i}"),
    (N.trailing_empty_group, r"{} = y_i", r"{} = y_i"),
    (N.natural_log_base, r"p_i \mathop{log}(q_i) + \operatorname{ln} x", r"p_i \log (q_i) + \ln x"),
    (N.natural_log_base, r"t_k \log_e y_k + \log_{e}(p) + \log_exp", r"t_k \ln  y_k + \ln (p) "
     r"+ \log_exp"),
    (N.layer_superscripts, r"a_i^L (1 - a_{i}^{L}) + e^{z_j^{[L]}} + z^{[L]}_k + y_i^T + x_i^2",
     r"a_i (1 - a_{i}) + e^{z_j} + z_k + y_i^T + x_i^2"),
    (N.braced_partials, r"\frac{\partial{\hat{y}_{i}}}{\partial{z_{j}}} = \mathrm{e}^{z_{i}}",
     r"\frac{\partial \hat{y}_{i}}{\partial z_{j}} = e^{z_{i}}"),
    (N.bracket_indices, r"\text{softmax}(x)[i]", r"\text{softmax}(x)_{i}"),
    (N.softmax_names, r"softmax_j(x)", r"\operatorname{softmax}(x)_j"),
    (N.softmax_names, r"softmax_j(x+c)", r"\operatorname{softmax}(x+c)_j"),
    (N.softmax_names, r"\mathcal{Softmax}(z_i)", r"\operatorname{softmax}(z)_i"),
    (N.bracket_indices, r"y[n] = \frac{e^{x[n]}}{\sum_{}^{}e^{x[k]}} + h(x)[1 - y]",
     r"y_{n} = \frac{e^{x_{n}}}{\sum e^{x_{k}}} + h(x)[1 - y]"),
    (N.loose_deltas, r"\delta_{21} + \delta_{123}", r"\delta_{2 1} + \delta_{123}"),
    (N.loose_deltas, r"y_i(\delta{ij} - y_j) + \delta{i,k}",
     r"y_i(\delta_{ij} - y_j) + \delta_{ik}"),
    (N.cases_if_columns, r"-p_ip_j & if\ \ i\not=j", r"-p_ip_j & \text{if } i\not=j"),
    (N.cases_row_semicolons, r"\begin{cases} a & \text{if } i = j; \\ b & i \neq j, \end{cases}",
     r"\begin{cases} a & \text{if } i = j \\ b & i \neq j \end{cases}"),
    (N.cases_if_columns, r"a & iff\ i=j", r"a & iff\ i=j"),
    (N.cases_if_columns, r"\begin{cases}p_i(1-p_j) &  if & i=j \\ -p_j p_i & if & i \neq j",
     r"p_i(1-p_j) & \text{if } i=j \\ -p_j p_i & \text{if } i \neq j"),
    (N.case_subscripts, r"y_{k=i}(1 - y_i) - e^{z_{k \not= i}} y_{k \neq i}",
     r"y_{i}(1 - y_i) - e^{z_{k}} y_{k}"),
    (N.case_subscripts, r"\sum_{k \neq i} y_k + \sum^{K}_{k\neq i} y_k",
     r"\sum_{k \neq i} y_k + \sum^{K}_{k\neq i} y_k"),
    (N.subscripted_calls, r"g_1(x_1) + f_{2}(z)",
     r"\operatorname{g_1}(x_1) + \operatorname{f_2}(z)"),
    (N.subscripted_calls, r"y_i(1 - y_j) + g_1(x_1 + 1)", r"y_i(1 - y_j) + g_1(x_1 + 1)"),
    (N.text_conditions, r"a, & \text {i $\neq$ j} \\ b, & \text{i = j}",
     r"a, & i \neq j \\ b, & i = j"),
    (N.text_conditions, r"\text{if i=j}", r"\text{if } i = j"),
    (N.text_conditions, r"\text{for all i}", r"\text{for all i}"),
    (N.matrix_entries, r"\operatorname{diag}(y)_{ij} - (y\,y^{\mathsf T})_{ij}",
     r"\delta_{ij} y_{i} - y_{i} y_{j}"),
    (N.unicode_operators, r"i\not=j", r"i\neq j"),
    (N.unicode_operators, "a − b·c", r"a - b \cdot  c"),
    (N.indicators, "1\\lbrace i" + N.IND_EQ + "j \\rbrace - y_j", r"\delta_{ij} - y_j"),
    (N.indicators, "\\mathbb{1}(i " + N.IND_EQ + " j)", r"\delta_{ij}"),
    (N.indicators, "1_{\\{i" + N.IND_EQ + "j\\}}", r"\delta_{ij}"),
    (N.indicators, "y_i \\{i" + N.IND_EQ + "j\\}", r"y_i\delta_{ij}"),
    (N.operator_dot, r"-\frac{\partial}{\partial z_j}\cdot\sum_i y_i",
     r"-\frac{\partial}{\partial z_j} \sum_i y_i"),
    (N.call_on_entry, r"q_i(z) = p_i(\mathbf{x}) + y_i(1 - y_i)", r"q_i = p_i + y_i(1 - y_i)"),
    (N.call_on_entry, r"y_i(z_i) = a_i(z_j)", r"y_i = a_i(z_j)"),
    (N.call_on_entry, r"s(z_i)(\delta_{ij} - s(z_j)) + \sigma(z_{k})", r"s_i(\delta_{ij} - s_j)"),
    (N.call_on_entry, r"p(x_i) + g(z_i)", r"p(x_i) + g(z_i)"),  # only the softmax's names
    (N.frac_variants, r"\dfrac{a}{b}", r"\frac{a}{b}"),
    (N.over_to_frac, r"{a \over b}", r"\frac{a }{ b}"),
    (N.transposed_chain, r"\left(\frac{\partial \hat{y}}{\partial z}\right)^T \frac{\partial L}"
     r"{\partial \hat{y}} + (\frac{\partial p}{\partial z})^{\top}\frac{\partial L}{\partial q}",
     r"\frac{\partial L}{\partial \hat{y}}\frac{\partial \hat{y}}{\partial z} + (\frac{\partial p}"
     r"{\partial z})^{\top}\frac{\partial L}{\partial q}"),
    (N.d_derivatives, r"\frac{d y_i}{d z_j}", r"\frac{\partial y_i}{\partial z_j}"),
    (N.d_derivatives, r"\frac{d}{dx} f", r"\frac{\partial}{\partial x} f"),
    (N.partial_missing_in_denominator, r"\frac{\partial}{o_k} E",
     r"\frac{\partial}{\partial o_k} E"),
    (N.partial_missing_in_denominator,
     r"\frac{\partial \hat{y}_k}{\theta_i} + \frac{L}{\partial z} + \frac{1}{\partial x} "
     r"+ \frac{\partial y}{2} + \frac{\partial y_i}{x_j + 1}",
     r"\frac{\partial \hat{y}_k}{\partial \theta_i} + \frac{\partial L}{\partial z} + "
     r"\frac{1}{\partial x} + \frac{\partial y}{2} + \frac{\partial y_i}{x_j + 1}"),
    (N.partial_subscript, r"\partial_{o_j} L", r"\frac{\partial}{\partial o_j} L"),
    (N.partial_subscript, r"\nabla_{z_i} L", r"\frac{\partial}{\partial z_i} L"),
    (N.operator_on_constant, r"\frac{\partial}{\partial z_j} \frac{1}{2} (t_j - y_j)^2",
     r"\frac{\partial}{\partial z_j}\left(\frac{1}{2} (t_j - y_j)^2\right)"),
    (N.sigma_as_sum, r"\Sigma_{j=1}^{K} e^{z_j}", r"\sum_{j=1}^{K} e^{z_j}"),
    (N.sigma_as_sum, r"(\Sigma e^{z_i})^2 + \Sigma \exp(z_k) + \Sigma_C + \Sigma x",
     r"(\sum e^{z_i})^2 + \sum \exp(z_k) + \Sigma_C + \Sigma x"),
    (N.sigma_as_sum, r"-\Sigma {y_i}\log{A_i} - \Sigma\frac{y_j}{A_j} + \Sigma y_j",
     r"-\sum {y_i}\log{A_i} - \sum\frac{y_j}{A_j} + \sum y_j"),
    (N.sigma_as_sum, r"\frac{1}{\Sigma}", r"\frac{1}{\Sigma}"),
    (N.sigma_as_sum, r"\Sigma^k_{\substack{j=1 \\ j \neq l}} y_j",
     r"\sum^k_{\substack{j=1 \\ j \neq l}} y_j"),
    (N.sum_limits, r"\exp(\theta_i)\sum_K - \exp(\theta_i)}{(\sum_K)^2}",
     r"\exp(\theta_i)\sum_K - \exp(\theta_i)}{(\sum_K)^2}"),
    (N.sum_limits, r"-t_i y_i + \sum_{i\ne j}^C t_j y_i", r"-t_i y_i + \sum_{j \neq i} t_j y_i"),
    (N.sum_limits, r"y_i + \sum_{k \neq i} y_k y_i", r"y_i + \sum_{k \neq i} y_k y_i"),
    (N.sum_limits, r"\frac{e^{z_j}}{\sum_{K} e^{z_k}}", r"\frac{e^{z_j}}{\sum_{k} e^{z_k}}"),
    (N.sum_limits, r"\sum_{K} e^{z_j}", r"\sum_{K} e^{z_j}"),
    (N.sum_limits, r"\sum_k^K e^{z_k}", r"\sum_{k=1}^{K} e^{z_k}"),
    (N.sum_limits, r"\sum^{K}_{k\neq i} y_k", r"\sum_{k \neq i} y_k"),
    (N.sum_limits, r"\sum_{j \in G} e^{z_j}", r"\sum_{j} e^{z_j}"),
    (N.sum_limits, r"\sum_{j \in \{1..K\}} e^{z_j}", r"\sum_{j} e^{z_j}"),
    (N.sum_limits, r"\sum_{j\neq i}^K y_j", r"\sum_{j \neq i} y_j"),
    (N.sum_limits, r"\sum_{\text{all } k} y_k", r"\sum_{k} y_k"),
    (N.dots_sums, r"e^{z_1} + \dots + e^{z_K}", r"\sum_{k=1}^{K} e^{z_k}"),
    (N.dots_sums, r"e^{x_1} + ... + e^{x_i} + ...", r"\sum_{k} e^{x_k}"),
    (N.dots_sums, r"e^{z_1}+\cdots+e^{z_j}+\cdots+e^{z_n}", r"\sum_{k=1}^{n} e^{z_k}"),
    (N.general_dots_sums, r"\left( \exp(x_1) + \exp(x_2) + \dots + \exp(x_n) \right)",
     r"\left( {\sum_{k=1}^{n} \exp(x_{k})} \right)"),
    (N.general_dots_sums, r"p_i (y_1 + y_2 + \dots + y_n) - y_i",
     r"p_i ( {\sum_{k=1}^{n} y_{k}} ) - y_i"),
    (N.general_dots_sums, r"\frac{\partial L}{\partial p_1} \frac{\partial p_1}{\partial x_i}"
     r" + \dots + \frac{\partial L}{\partial p_n} \frac{\partial p_n}{\partial x_i}",
     r"{\sum_{k=1}^{n} \frac{\partial L}{\partial p_{k}} \frac{\partial p_{k}}{\partial x_i}}"),
    (N.zero_dots, r"0 + 0 + \cdots + e^{z_{k}} + \cdots + 0 + 0", r" e^{z_{k}} "),
    (N.zero_dots, r"\left(0 + \dots + y_k + \dots + 0\right)", r"\left( y_k \right)"),
    (N.zero_dots, r"0 + \dots + y_k - \dots + 0", r"0 + \dots + y_k - \dots + 0"),
    (N.zero_dots, r"y_j + \dots + y_k", r"y_j + \dots + y_k"),
    (N.general_dots_sums, r"x_1 y_1 + \dots + x_3 y_3", r"{\sum_{k=1}^{3} x_{k} y_{k}}"),
    # not a sum of one term: a minus before the first term only, a middle term that breaks
    # the pattern, an index that is not the class count, a constant factor w_1 in every term
    # (a minus before every term is minus the sum)
    (N.general_dots_sums, r"a - y_1 + \cdots + y_K", r"a - y_1 + \cdots + y_K"),
    (N.general_dots_sums, r"-y_1 - \cdots - y_K", r" - {\sum_{k=1}^{K} y_{k}} "),
    (N.general_dots_sums, r"p_iy_1 + p_iy_2 + \dots + (p_i -y_i) + \dots + p_i y_n",
     r"p_iy_1 + p_iy_2 + \dots + (p_i -y_i) + \dots + p_i y_n"),
    (N.general_dots_sums, r"x_1 + \ldots + x_j", r"x_1 + \ldots + x_j"),
    (N.general_dots_sums, r"w_1 x_1 + \dots + w_1 x_n", r"w_1 x_1 + \dots + w_1 x_n"),
    (N.general_dots_sums, r"y_1 + y_3 + \dots + y_n", r"y_1 + y_3 + \dots + y_n"),
    (N.bare_sum_as_name, r"\frac{e^{x_i}}{\sum_K} - (\sum_K)^2 + \sum_K e^{x_k}",
     r"\frac{e^{x_i}}{\Sigma } - (\Sigma )^2 + \sum_K e^{x_k}"),
    (N.bare_sum_as_name, r"\frac{e^{z_i}\sum - e^{z_i}}{\sum^2}", r"\Sigma"),
    (N.bare_sum_as_name, r"-\sum y_i \log p_i", r"\sum_{i} y_i"),
    (N.bare_functions, "log(p_k) + exp(z)", r"\log (p_k) + \exp (z)"),
    (N.sum_index_calls, r"- \sum_{j=0}^{C-1} p(j) \log \hat{p}(j) + g(x) + f(j)",
     r"- \sum_{j=0}^{C-1} p_{j} \log \hat{p}_{j} + g(x) + f_{j}"),
    (N.bare_functions, "-y_klog(p_k)", r"-y_k \log (p_k)"),
    (N.bare_functions, r"\hat{y}_klogy_k + logit_k + blogx_i",
     r"\hat{y}_k \log y_k + logit_k + blogx_i"),
    (N.bare_functions, r"\sum_kexp(o_k) + \sum_{j}exp(o_j) + \summexp(x) + \sum_{p=1}^qexp(o)",
     r"\sum_k \exp (o_k) + \sum_{j} \exp (o_j) + \summexp(x) + \sum_{p=1}^q \exp (o)"),
    (N.bare_functions, "catalog(x) + \\log(x)", r"catalog(x) + \log(x)"),
    (N.softmax_names, r"\text{Softmax}(z)_i", r"\operatorname{softmax}(z)_i"),
    (N.softmax_names, r"\text{softmax}(z_i)", r"\operatorname{softmax}(z)_i"),
    (N.decorations, r"\mathbb{w}^T\mathbb{x} + \mathbb{\hat{y}} \in \mathbb{R}",
     r"w^Tx + \hat{y} \in \mathbb{R}"),
    (N.decorations, r"\zeta(\textbf{z})_c + \textbf{t}_i + \textbf{Loss}",
     r"\zeta(z)_c + t_i + \textbf{Loss}"),
    (N.decorations, r"\frac{\partial \mathcal L}{\partial \mathbf x}",
     r"\frac{\partial \mathcal{L}}{\partial x}"),
    (N.decorations, r"\vec{z} + \mathbf{y} + \hat{y_i}", r"z + y + \hat{y}_i"),
    (N.decorations, r"\mathbf{\hat{y}}", r"\hat{y}"),
    (N.subscript_after_bracket, r"\sigma(\mathbf{z})_i", r"\sigma_i"),
    (N.subscript_after_bracket, r"[\sigma(a)]_i", r"\sigma_i"),
    (N.subscript_after_bracket, r"S_i(z) + \exp(z_1)", r"S_i + \exp(z_1)"),
    (N.argument_lists, r"L(y,t)", "L"),
    (N.loss_subscripts, r"\frac{\partial L_{CE}}{\partial z_j}",
     r"\frac{\partial L}{\partial z_j}"),
    (N.loss_subscripts, r"L_{\text{CE}}(y, \hat{y})", r"L(y, \hat{y})"),
    (N.loss_subscripts, r"\mathcal{L}_{\mathrm{CCE}}", r"\mathcal{L}"),
    (N.loss_subscripts, r"L_{\text{avg}} + L_{\text{total}}", r"L_{\text{avg}} + L_{\text{total}}"),
    (N.argument_lists, r"(1-a) \mathcal{L}(y, q) + a \mathcal{L}(p, q)",
     r"(1-a) \mathcal{L}(y, q) + a \mathcal{L}(p, q)"),
    (N.multi_letter_names, r"\text{CE}(y, \hat y) + \mathrm{Loss} + L_{\text{CE}} + NLL",
     r"\mathcal{L}(y, \hat y) + \mathcal{L} + L_{\text{CE}} + \mathcal{L}"),
    (N.argument_lists, r"E(\vec y, \vec t)", "E"),
    (N.argument_lists, r"\mathcal{L}(z)", r"\mathcal{L}"),
    (N.bold_expressions, r"\mathbf{-S_i S_j}", r"{-S_i S_j}"),
    (N.misnested_groups, r"({-\sum_j y_k \log {p_k})}", r"({-\sum_j y_k \log {p_k}})"),
    (N.extremum_names, r"\max_k z_k", r"\Xi"),
    (N.exp_power, r"\frac{ \exp^{x_j} }{ \sum_k \exp^{x_k} }",
     r"\frac{ e^{x_j} }{ \sum_k e^{x_k} }"),
    (N.exp_power, r"\exp(x_j)^2", r"\exp(x_j)^2"),
    (N.extremum_names, r"e^{z_i - z_{\text{max}}}", r"e^{z_i -  \Xi }"),
    (N.extremum_names, r"x_{\max}", r" \Xi "),
    (N.extremum_names, r"a = \max\{z_1,\dots,z_C\}", r"a =  \Xi "),
    (N.extremum_names, r"x_{maxi}", r"x_{maxi}"),
    (N.extremum_names, r"\text{Softmax of class j}", r"\text{Softmax of class j}"),
    (N.delta_derivatives, r"\frac{\delta S_i}{\delta a_j}", r"\frac{\partial S_i}{\partial a_j}"),
    (N.delta_derivatives, r"\frac{\delta}{\delta a_j} e^{a_i}", r"\frac{\partial}{\partial a_j}"),
    (N.delta_derivatives, r"\frac{\delta_{ij}}{\delta_{jk}}", r"\frac{\delta_{ij}}{\delta_{jk}}"),
    (N.glyph_names, "\u2606 = \\sum_k e^{a_k}", r"\Upsilon = \sum_k"),
    (N.multi_letter_names, r"Loss = CE", r"\mathcal{L} = \mathcal{L}"),
    (N.dot_products, r"y_i.p_i", r"y_i \cdot p_i"),
    (N.prime_power, r"f^\prime(x) = g\prime(x)h(x)", r"f'(x) = g'(x)h(x)"),
    (N.prime_power, r"(u)^{\prime}", "(u)'"),
    (N.primes, r"g'(x)", r"\frac{\partial g(x)}{\partial x}"),
]


@pytest.mark.parametrize(("rule", "text", "want"), REGION_CASES,
                         ids=[f"{r.__name__}-{i}" for i, (r, _, _) in enumerate(REGION_CASES)])
def test_region_rule(rule, text: str, want: str) -> None:
    out = rule(text)
    assert want in out, out
    assert len(out) == len(text) and out.count("\n") == text.count("\n")  # offsets kept


@pytest.mark.parametrize(("rule", "text", "want"), MEMBER_CASES,
                         ids=[f"{r.__name__}-{i}" for i, (r, _, _) in enumerate(MEMBER_CASES)])
def test_member_rule(rule, text: str, want: str) -> None:
    assert _squash(want) in _squash(rule(text)), rule(text)


def _squash(s: str) -> str:
    return " ".join(s.split())


def test_every_rule_has_a_test_and_a_docstring() -> None:
    tested = {r for r, _, _ in REGION_CASES + MEMBER_CASES}
    for rule in N.REGION_RULES + N.MEMBER_RULES:
        assert rule in tested, rule.__name__
        assert rule.__doc__ and rule.__doc__.strip(), rule.__name__


def test_rules_leave_plain_latex_alone() -> None:
    plain = r"\frac{\partial y_i}{\partial z_j} = y_i (\delta_{ij} - y_j)"
    assert N.normalize_member(plain) == plain
    assert N.normalize_region(plain) == plain


@pytest.mark.parametrize("text", [
    r"{e^{z_i} \over \sum_k e^{z_k}}", r"\dfrac{\partial}{o_k} E", r"\sigma(\mathbf{z})_i",
    r"\sum_{j\neq i}^K e^{z_j}", r"e^{z_1} + \dots + e^{z_K}", r"\exp(o_i)",
    r"\frac{d y_i}{d z_j}", r"\hat{y_i} - t_i", r"y_i.p_i * 2", r"Loss"])
def test_rewritten_members_parse(text: str) -> None:
    parse_member(text)  # no Unreadable


def test_matrix_entries_read_diag_and_the_outer_product() -> None:
    from derive.check.normalize import matrix_entries

    assert matrix_entries(r"\operatorname{diag}(y)_{ij}") == r"\delta_{ij} y_{i}"
    assert matrix_entries(r"(y\,y^{\mathsf T})_{ij}") == r"y_{i} y_{j}"
    assert matrix_entries(r"(y y^T)_{i,j}") == r"y_{i} y_{j}"
    assert matrix_entries(r"(y z^T)_{ij}") == r"(y z^T)_{ij}"  # not an outer product of y


def test_a_matrix_identity_is_read_entry_by_entry() -> None:
    from derive.check.normalize import matrix_equation

    assert matrix_equation(["J", r"\operatorname{diag}(y) - y\,y^{\top}"]) == [
        "J_{ij}", r"\delta_{ij} y_{i} - y_{i} y_{j}"]
    assert matrix_equation(["a", "b"]) is None
    assert matrix_equation([r"J_{ij}", r"\operatorname{diag}(y) - y y^T"]) is None  # i, j taken
    # in bold, and with the softmax written \sigma
    assert matrix_equation([r"\mathbf{J}", r"\mathrm{diag}(\mathbf{p}) - \mathbf{p}\mathbf{p}^T"]) \
        == ["J_{ij}", r"\delta_{ij} p_{i} - p_{i} p_{j}"]
    # a Jacobian of whole vectors; not with another matrix (its layout would matter)
    assert matrix_equation([r"\frac{\partial \hat{y}}{\partial z}",
                            r"diag(\hat{y}) - \hat{y}\hat{y}^T"]) == [
        r"\frac{\partial \hat{y}_{i}}{\partial z_{j}}",
        r"\delta_{ij} \hat{y}_{i} - \hat{y}_{i} \hat{y}_{j}"]
    assert matrix_equation([r"\frac{\partial p}{\partial z}", r"diag(p) W"]) is None
    assert matrix_equation([r"\frac{\partial s}{\partial z}", r"Diag(s) - ss^T"]) == [
        r"\frac{\partial s_{i}}{\partial z_{j}}", r"\delta_{ij} s_{i} - s_{i} s_{j}"]
    assert matrix_equation(["J", r"\text{diag}(\boldsymbol{\sigma}) - "
                                 r"\boldsymbol{\sigma}\boldsymbol{\sigma}^T"]) == [
        "J_{ij}", r"\delta_{ij} \sigma_{i} - \sigma_{i} \sigma_{j}"]


def test_numbers_and_vector_forms_are_recognised() -> None:
    assert N.is_numeric("(1, 2, 0.5)") and N.is_numeric(r"\begin{pmatrix}0.1 & -0.2\end{pmatrix}")
    assert not N.is_numeric("y_1 + 2") and not N.is_numeric("K")
    assert N.is_vector_form(r"y \odot (g - (g^{\mathsf T} y) \mathbf{1})")
    assert N.is_vector_form(r"J^{\mathsf T} g") and not N.is_vector_form(r"\nabla_{z} L")
    assert not N.is_vector_form(r"(y\,y^{\mathsf T})_{ij}")  # an entry: read, not skipped
    assert not N.is_vector_form(r"y_i (\delta_{ij} - y_j)")


def test_example_numbers_and_vector_forms_are_skipped_with_the_reason() -> None:
    from derive.check import check_document

    doc = ("$$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n$$z = (1, 2, 0.5)$$\n\n"
           "$$y \\approx (0.2312, 0.6285, 0.1402)$$\n\n"
           "$$\\nabla_z L = y \\odot (g - (g^{\\mathsf T} y) \\mathbf{1})$$\n\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i(\\delta_{ij} - y_j)$$\n")
    report = check_document(doc)
    assert [s.verdict for s in report.steps][-1] == "ok"
    assert not [s for s in report.steps if s.verdict == "unreadable"]
    whys = " ".join(k.why for k in report.skipped)
    assert "example values" in whys and "vector form" in whys


def test_brace_label_relations_are_found_for_the_report() -> None:
    text = r"o_i \underbrace{\sum_{j=1}^{p} y_j}_{=1} - y_i"
    assert [text[i] for i in N.brace_label_relations(text)] == ["="]
    assert N.brace_label_relations(r"\underbrace{a}_{\text{b = c}}") == []
