from fastdnn import dropin; dropin.install()
# Cells of ../shared/seeds/001 (week-4 step by step on testCases_v3), magics removed.
import numpy as np
import h5py
import matplotlib.pyplot as plt
from testCases_v3 import *
from dnn_utils_v2 import sigmoid ,sigmoid_backward,relu,relu_backward


# 初始化参数：initialize_parameters

def initialize_parameters(n_x, n_h, n_y):
    """
    参数：
    n_x -- 输入层的大小
    n_h -- 隐藏层的大小
    n_y -- 输出层的大小
    
    返回：
    参数 -- 包含参数的python字典：
            W1 -- 权重矩阵(n_h,n_x)
            b1 -- 偏重矩阵(n_h,1)
            W2 -- 权重矩阵(n_y,n_h)
            b2 -- 偏重矩阵(n_y,1)
    
    """
    
    # 随机种子
    np.random.seed(1)
    
    # 构建参数矩阵
    W1 = np.random.randn(n_h,n_x) * 0.01
    b1 = np.zeros((n_h,1))
    W2 = np.random.randn(n_y,n_h) * 0.01
    b2 = np.zeros((n_y,1))
    
    # 使用断言检查矩阵形状是否正确
    
    assert(W1.shape == (n_h,n_x))
    assert(b1.shape == (n_h,1))
    assert(W2.shape == (n_y,n_h))
    assert(b2.shape == (n_y,1))
    
    # 把得到的结果放到字典里
    parameters = {
        "W1" : W1,
        "b1" : b1,
        "W2" : W2,
        "b2" : b2}
    
    # 返回值是存放了权重矩阵和偏值矩阵的字典
    return parameters

# 测试初始化参数函数
parameters = initialize_parameters(3,2,1)
print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
print("W2 = " + str(parameters["W2"]))
print("b2 = " + str(parameters["b2"]))

# 初始化多层神经网络参数

def initialize_parameters_deep(layer_dims):
    """
    参数：
    layer_dims -- python数组，包含网络中每一层的单元个数
    
    返回：
    parameters -- 包含参数W1，b1,...,WL,bL的字典
        W[l]的形状：(layer_dims[l],layer_dims[l-1])
        b[l]的形状：(layer_dims[l],1)
    """
    
    # 随机种子
    np.random.seed(3)
    
    # 初始化一个字典
    parameters = {} 
    
    # 深层网络的层数
    L = len(layer_dims)
    
    for i in range(1,L):
        parameters["W"+str(i)] = np.random.randn(layer_dims[i],layer_dims[i-1]) * 0.01
        parameters["b" + str(i)] = np.zeros((layer_dims[i],1))
        
        # 使用断言检查
        assert(parameters["W"+str(i)].shape == (layer_dims[i],layer_dims[i-1])) * 0.01
        assert(parameters["b"+str(i)].shape == (layer_dims[i],1))
        
    
    return parameters

# 测试多层参数初始化模块
parameters = initialize_parameters_deep([5,4,3])
print(len(parameters))
print("W1" + str(parameters["W1"]))
print("b1" + str(parameters["b1"]))
print("W2" + str(parameters["W2"]))
print("b2" + str(parameters["b2"]))

# 正向传播 Linear_forward 模块

def linear_forward(A,W,b):
    """
    实现正向传播的线性部分。
    
    参数：
    A -- 上一层激活函数的输出作为这一层的输入
    W -- 权重矩阵，形状为(W[l],W[l-1])
    b -- 偏差矩阵，形状为(W[l],1)
    
    返回：
    Z -- 激活函数的输入，形状为(W.shape[0],A.shape[1])
    cache -- 一个包含A,W,b的字典，用于高效的计算反向传播
    
    """
    
    Z = np.dot(W,A)+b
    
    # 使用断言检查Z的形状
    assert(Z.shape == (W.shape[0],A.shape[1]))
    
    cache = (A,W,b)
    
    return Z,cache
    

# 测试
A,W,b =  linear_forward_test_case()

Z, linear_cache = linear_forward(A, W, b)
print("Z = " + str(Z))
print(linear_cache)

# 激活函数

def linear_activation_forward(A_prev,W,b,activation):
    """
    实现LINEAR->ACTIVATION的前向传播
    
    参数：
    A_prev -- 上一层激活函数的输出，作为本层激活函数的输入
    W -- 权值
    b -- 偏差
    activation -- 此层中要使用的激活，存储为文本字符串：“sigmoid”或“relu”
    
    返回：
    A -- 激活函数的输出，也称为激活后值
    cache -- 包含“linear_cache”和“activation_cache”的python字典；为有效计算后向传递而存储
    """
    
    if activation == "sigmoid":
        Z,linear_cache = linear_forward(A_prev,W,b)
        A,activation_cache = sigmoid(Z)
        
    elif activation == "relu":
        Z,linear_cache = linear_forward(A_prev,W,b)
        A,activation_cache = relu(Z)
    
    assert(A.shape == (W.shape[0],A_prev.shape[1]))
    
    # 最终的 cache中存放的是 linear_cache:A,W,b,activation_cache:Z
    cache = (linear_cache,activation_cache)
    
    return A,cache
    
    

# 测试
A_prev, W, b = linear_activation_forward_test_case()

A, linear_activation_cache = linear_activation_forward(A_prev, W, b, activation = "sigmoid")
print("With sigmoid: A = " + str(A))

A, linear_activation_cache = linear_activation_forward(A_prev, W, b, activation = "relu")
print("With ReLU: A = " + str(A))

# L_model_forward 函数

def L_model_forward(X,parameters):
    """
    参数：
    X -- 数据，形状的numpy数组（输入大小，示例数）
    parameters -- initialize_parameters_deep()的输出
    
    返回：
    AL -- 上次激活后值
    caches -- 包含以下内容的缓存列表：
                linear_relu_forward（）的每个缓存
                linear_sigmoid_forward（）的缓存
    """
    caches = []
    A = X
    L = len(parameters)//2
    
    for i in range(1,L):
        A_prev = A
        A,cache = linear_activation_forward(A_prev,parameters["W"+str(i)],parameters["b"+str(i)],"relu")
        caches.append(cache)
    
    AL,cache = linear_activation_forward(A,parameters["W"+str(L)],parameters["b"+str(L)],"sigmoid")
    
    assert(AL.shape == (1,X.shape[1]))
    
    return AL,caches

# 测试
X, parameters = L_model_forward_test_case_2hidden()
AL, caches = L_model_forward(X, parameters)
print("AL = " + str(AL))
print("Length of caches list = " + str(len(caches)))

# 损失函数

def compute_cost(AL,Y):
    """
    参数：
    AL -- 与标签预测相对应的概率向量，形状（1，X.shape[1]）
    Y -- 真实值,形状(1,m)
    
    返回：
    cost -- 交叉熵成本
    
    """
    
    m = Y.shape[1]
    
    cost = -(np.dot(np.log(AL),Y.T)+np.dot(np.log(1-AL),(1-Y).T))/m
    
    # 降维
    cost = np.squeeze(cost)
    assert(cost.shape == ())
    
    return cost
    
    

# 测试

Y, AL = compute_cost_test_case()

print("cost = " + str(compute_cost(AL, Y)))

# linear_backward

def linear_backward(dZ,cache):
    """
    参数：
    dZ -- 相对于线性输出的成本梯度（当前层l）
    cache -- 来自当前层中的前向传播的值的元组（A_prev, W, b）
    
    返回：
    dA_prev -- 相对于激活（前一层l-1）的成本梯度，形状与前一层相同'
    dW -- 相对于W（当前层l）的成本梯度，与W形状相同
    db -- 相对于b（当前层l）的成本梯度，与b形状相同
    """
    A_prev,W,b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ,A_prev.T)/m
    db = np.sum(dZ,axis=1,keepdims=True)/m
    dA_prev = np.dot(W.T,dZ)
    
    assert (dA_prev.shape == A_prev.shape)
    assert (dW.shape == W.shape)
    assert (db.shape == b.shape) 
    
    return dA_prev,dW,db
    

# 测试
dZ, linear_cache = linear_backward_test_case()

dA_prev, dW, db = linear_backward(dZ, linear_cache)
print ("dA_prev = "+ str(dA_prev))
print ("dW = " + str(dW))
print ("db = " + str(db))

def linear_activation_backward(dA,cache,activation):
    """
    参数：
    dA -- 梯度
    cache -- 我们存储的值元组（线性缓存、激活缓存）用于高效地计算反向传播
    activation -- 这个层中要使用的激活，以文本字符串形式存储：“sigmoid”或“relu”
    
    返回：
    dA_prev -- 相对于激活（前一层l-1）的成本梯度，形状与前一层相同
    dW——成本相对于W（当前层l）的梯度，形状和W相同
    db——成本相对于b（当前层l）的梯度，与b的形状相同
    """
    
    linear_cache,activation_cache = cache   # 分别是A_prev,W,b   和   Z
    
    if activation == "relu":
        dZ = relu_backward(dA,activation_cache)
        dA_prev,dW,db = linear_backward(dZ,linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA,activation_cache)
        dA_prev,dW,db = linear_backward(dZ,linear_cache)
    return dA_prev,dW,db

# 测试
AL, linear_activation_cache = linear_activation_backward_test_case()

dA_prev, dW, db = linear_activation_backward(AL, linear_activation_cache, activation = "sigmoid")
print ("sigmoid:")
print ("dA_prev = "+ str(dA_prev))
print ("dW = " + str(dW))
print ("db = " + str(db) + "\n")

dA_prev, dW, db = linear_activation_backward(AL, linear_activation_cache, activation = "relu")
print ("relu:")
print ("dA_prev = "+ str(dA_prev))
print ("dW = " + str(dW))
print ("db = " + str(db))

# 完整的反向传播
def L_model_backward(AL,Y,caches):
    # 梯度
    grads = {}
    L = len(caches)
    m = AL.shape[1] # 是训练集的数量
    Y = Y.reshape(AL.shape)
    
    dAL = -(np.divide(Y,AL) - np.divide(1 - Y,1 - AL))
    
    current_cache = caches[L-1]
    # 只有最后一层的激活函数是sigmoid
    grads["dA"+str(L)],grads["dW"+str(L)],grads["db"+str(L)] = linear_activation_backward(dAL,current_cache,activation="sigmoid")
    
    for i in reversed(range(L-1)):
        current_cache = caches[i]
        dA_prev_temp,dW_temp,db_temp = linear_activation_backward(grads["dA"+str(i+2)],current_cache,activation="relu")
        grads["dA"+str(i+1)] = dA_prev_temp
        grads["dW"+str(i+1)] = dW_temp
        grads["db"+str(i+1)] = db_temp
        
    return grads

# 测试
AL, Y_assess, caches = L_model_backward_test_case()
grads = L_model_backward(AL, Y_assess, caches)
print_grads(grads)

# 更新参数

def update_parameters(parameters,grads,learning_rate):
    L = len(parameters)//2
    
    for i in range(1,L+1):
        parameters["W"+str(i)] -= learning_rate * grads["dW" + str(i)]
        parameters["b"+str(i)] -= learning_rate * grads["db" + str(i)]
        
    return parameters

# 测试参数 
parameters, grads = update_parameters_test_case()
parameters = update_parameters(parameters, grads, 0.1)

print ("W1 = "+ str(parameters["W1"]))
print ("b1 = "+ str(parameters["b1"]))
print ("W2 = "+ str(parameters["W2"]))
print ("b2 = "+ str(parameters["b2"]))
